import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the coverage pages; the compiler checks every zh-CN key is here. */
const coverage: Messages['coverage'] = {
  title: '',
};

export default coverage;
