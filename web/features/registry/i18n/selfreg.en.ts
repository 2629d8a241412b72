import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the selfreg pages; the compiler checks every zh-CN key is here. */
const selfreg: Messages['selfreg'] = {
  title: '',
};

export default selfreg;
