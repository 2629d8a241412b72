/** Strings of the isolation pages (zh-CN, the default): mounted as `isolation.*` in web/app/i18n/zh-CN.ts. */
const isolation = {
  nav: {
    worklist: '每日清零',
    persons: '重点人员',
    alerts: '告警处置',
    plan: '位置平面图',
    sites: '集中隔离点',
  },
  navShort: {
    worklist: '清零',
    persons: '人员',
    alerts: '告警',
    plan: '平面图',
    sites: '隔离点',
  },
  comingSoon: '建设中',
};

export default isolation;
