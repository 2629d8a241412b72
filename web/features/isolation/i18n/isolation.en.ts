import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the isolation pages; the compiler checks every zh-CN key is here. */
const isolation: Messages['isolation'] = {
  nav: {
    worklist: 'Daily worklist',
    persons: 'Key persons',
    alerts: 'Alerts',
    plan: 'Floor plan',
    sites: 'Isolation sites',
  },
  navShort: {
    worklist: 'Today',
    persons: 'Persons',
    alerts: 'Alerts',
    plan: 'Plan',
    sites: 'Sites',
  },
  comingSoon: 'Coming soon',
};

export default isolation;
