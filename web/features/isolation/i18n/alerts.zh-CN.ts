/** Strings of the alert, floor-plan, site and master-table pages (zh-CN): mounted as `alerts.*`. */
const alerts = {
  title: '告警处置',
};

export default alerts;
