/** Strings of the selfreg pages (zh-CN, the default): mounted as `selfreg.*` in web/app/i18n/zh-CN.ts. */
const selfreg = {
  title: '',
} as const;

export default selfreg;
