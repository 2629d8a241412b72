import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the imports pages; the compiler checks every zh-CN key is here. */
const imports: Messages['imports'] = {
  title: '',
};

export default imports;
