import type { Messages } from '../../../app/i18n/zh-CN';

/** English strings of the alert, floor-plan, site and master-table pages. */
const alerts: Messages['alerts'] = {
  title: 'Alerts',
};

export default alerts;
