/** Strings of the coverage pages (zh-CN, the default): mounted as `coverage.*` in web/app/i18n/zh-CN.ts. */
const coverage = {
  title: '',
} as const;

export default coverage;
