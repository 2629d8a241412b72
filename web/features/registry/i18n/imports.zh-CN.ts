/** Strings of the imports pages (zh-CN, the default): mounted as `imports.*` in web/app/i18n/zh-CN.ts. */
const imports = {
  title: '',
} as const;

export default imports;
