import { CHECKPOINT_MESSAGES } from './checkpoints';
import type { Locale } from './common';
import { REPORT_MESSAGES } from './reports';

/**
 * Messages the server puts in problem+json responses and the web shows next to fields.
 * Keys are stable; both languages are kept side by side so a missing translation shows in review.
 */
export const MESSAGES = {
  'err.text.control': { 'zh-CN': '不能包含控制字符', en: 'Must not contain control characters' },
  'err.update.empty': { 'zh-CN': '没有要修改的内容', en: 'Nothing to change' },
  'err.unit.code': { 'zh-CN': '区划代码应为 6–12 位数字', en: 'An official code is 6–12 digits' },
  'err.bulk.range': { 'zh-CN': '结束楼号不能小于起始楼号', en: 'The last building comes before the first' },
  'err.bulk.tooManyBuildings': { 'zh-CN': '一次最多创建 300 栋楼', en: 'At most 300 buildings at a time' },
  'err.bulk.tooManyHouseholds': {
    'zh-CN': '一次最多创建 50,000 户',
    en: 'At most 50,000 households at a time',
  },
  'err.user.username': {
    'zh-CN': '用户名为 3–32 位小写字母、数字、点、下划线或连字符',
    en: 'A username is 3–32 lower-case letters, digits, dots, underscores or hyphens',
  },
  'err.password.short': { 'zh-CN': '密码至少 10 位', en: 'A password has at least 10 characters' },
  'err.password.digitsOnly': { 'zh-CN': '密码不能全是数字', en: 'A password cannot be digits only' },
  'err.password.repetitive': {
    'zh-CN': '密码过于简单，请混用不同字符',
    en: 'Too simple: use more different characters',
  },
  'err.password.same': {
    'zh-CN': '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  'err.password.wrong': { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'err.password.username': {
    'zh-CN': '密码不能包含用户名',
    en: 'A password cannot contain the username',
  },
  'err.idNumber.format': {
    'zh-CN': '身份证号应为 18 位：17 位数字加一位数字或 X',
    en: 'A resident ID number is 17 digits followed by a digit or X',
  },
  'err.idNumber.birthDate': {
    'zh-CN': '身份证号中的出生日期无效',
    en: 'The birth date in the ID number is not a real past date',
  },
  'err.idNumber.checksum': { 'zh-CN': '身份证号校验位错误', en: 'The ID number check character is wrong' },
  'err.idNumber.excelNumber': {
    'zh-CN': '身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits: format the column as text and type it again',
  },
  'err.idNumber.birthMismatch': {
    'zh-CN': '出生日期与身份证号不一致',
    en: 'The birth date does not match the ID number',
  },
  'err.idNumber.sexMismatch': { 'zh-CN': '性别与身份证号不一致', en: 'The sex does not match the ID number' },
  'err.phone.mobile': {
    'zh-CN': '不是有效的手机号码（11 位，1 开头）',
    en: 'Not a mainland mobile number (11 digits starting with 1)',
  },
  'problem.validation': { 'zh-CN': '提交的内容有误', en: 'The request has errors' },
  'problem.malformed': { 'zh-CN': '请求格式错误', en: 'The request is malformed' },
  'problem.unauthenticated': { 'zh-CN': '请先登录', en: 'Please sign in' },
  'problem.forbidden': { 'zh-CN': '没有权限进行此操作', en: 'You are not allowed to do this' },
  'problem.notFound': { 'zh-CN': '找不到该记录', en: 'Not found' },
  'problem.conflict': { 'zh-CN': '与现有数据冲突', en: 'Conflicts with existing data' },
  'problem.csrf': {
    'zh-CN': '页面已过期，请刷新后重试',
    en: 'The page is out of date: reload and try again',
  },
  'problem.rateLimited': { 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  'problem.overloaded': {
    'zh-CN': '服务器正忙，请稍后重试（已录入的记录会自动重发）',
    en: 'The server is busy: try again shortly (recorded entries are sent again by themselves)',
  },
  'problem.tooLarge': { 'zh-CN': '文件或请求过大', en: 'The file or request is too large' },
  'problem.internal': { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  'problem.passwordChangeRequired': {
    'zh-CN': '请先修改初始密码',
    en: 'Change your initial password first',
  },
  'auth.invalid': {
    'zh-CN': '用户名或密码错误，或账号暂时不可用',
    en: 'Wrong username or password, or the account is not available right now',
  },
  'unit.parentType': { 'zh-CN': '不能放在该上级节点之下', en: 'Cannot be placed under that parent' },
  'unit.cycle': {
    'zh-CN': '不能移动到自身或其下级节点之下',
    en: 'Cannot move a node under itself or its descendants',
  },
  'unit.nameTaken': { 'zh-CN': '同一上级下已有同名节点', en: 'A sibling already has this name' },
  'unit.codeTaken': { 'zh-CN': '该区划代码已被使用', en: 'This official code is already used' },
  'unit.notCompound': { 'zh-CN': '只有小区/院区有管控状态', en: 'Only compounds have a control status' },
  'unit.sameStatus': { 'zh-CN': '状态没有变化', en: 'The status is unchanged' },
  'unit.bulkParent': {
    'zh-CN': '批量创建只能在小区/院区下进行',
    en: 'Bulk creation works on a compound only',
  },
  'unit.ownRoot': {
    'zh-CN': '不能移动或归档自己所属的节点',
    en: 'You cannot move or archive the node your account belongs to',
  },
  'unit.activeAccounts': {
    'zh-CN': '该节点下还有启用的账号，请先停用或调整这些账号',
    en: 'Active accounts are bound inside this node: disable or move them first',
  },
  'unit.archivedParent': { 'zh-CN': '上级节点已归档', en: 'The parent is archived' },
  'err.export.reason': {
    'zh-CN': '导出完整证件号和电话需要填写事由',
    en: 'Exporting full ID numbers and phones needs a reason',
  },
  'ledger.roomNotFound': {
    'zh-CN': '网格中没有这个房间（导入时未选择自动创建房间）',
    en: 'The grid has no such room (creating rooms was turned off)',
  },
  'registry.notCompound': { 'zh-CN': '请选择一个小区/院区导入', en: 'Import into a compound' },
  'registry.importRunning': { 'zh-CN': '导入仍在进行', en: 'The import is still running' },
  'registry.importInterrupted': {
    'zh-CN': '服务器在导入时重启，未写入任何数据，请重新导入',
    en: 'The server restarted during the import; nothing was written, import again',
  },
  'err.registration.consent': {
    'zh-CN': '请阅读并同意个人信息使用说明',
    en: 'Read and accept the notice on the use of personal data',
  },
  'registry.notReviewable': { 'zh-CN': '该登记已处理', en: 'This registration has been handled already' },
  'registry.notRoom': { 'zh-CN': '请选择一个房间（户）', en: 'Choose a room (household node)' },
  'registry.duplicate': {
    'zh-CN': '该证件号已登记，请打开已有记录',
    en: 'This ID number is registered already: open the existing record',
  },
  'registry.duplicateElsewhere': {
    'zh-CN': '该证件号已在本街道其他地方登记，请联系指挥部核实',
    en: 'This ID number is registered elsewhere in the sub-district: ask HQ to check',
  },
  'registry.duplicateInRequest': {
    'zh-CN': '同一户中证件号重复',
    en: 'The same ID number appears twice in this household',
  },
  'registry.sameHousehold': { 'zh-CN': '此人已在该户', en: 'The person already lives in this household' },
  'user.usernameTaken': { 'zh-CN': '用户名已被使用', en: 'This username is taken' },
  'user.roleNotGrantable': { 'zh-CN': '无权授予该角色', en: 'You cannot grant this role' },
  'user.roleUnitMismatch': {
    'zh-CN': '该角色不能绑定到这一级节点',
    en: 'This role cannot be bound to a node of this level',
  },
  'user.self': { 'zh-CN': '不能停用或降级自己的账号', en: 'You cannot disable or demote your own account' },
  'import.notXlsx': { 'zh-CN': '文件不是有效的 .xlsx 表格', en: 'The file is not a valid .xlsx workbook' },
  'import.tooLarge': { 'zh-CN': '表格过大', en: 'The workbook is too large' },
  'import.noHeader': {
    'zh-CN': '没有找到表头（需要“小区”“楼栋”等列）',
    en: 'No header row found (columns such as 小区 and 楼栋 are needed)',
  },
  'import.missingCompound': { 'zh-CN': '缺少小区名称', en: 'The compound name is missing' },
  'import.missingCommunity': { 'zh-CN': '缺少社区名称', en: 'The community name is missing' },
  'import.roomWithoutBuilding': { 'zh-CN': '有房号但没有楼栋', en: 'A room without a building' },
  'import.badCode': { 'zh-CN': '区划代码应为 6–12 位数字', en: 'An official code is 6–12 digits' },
  'import.badFloor': { 'zh-CN': '楼层应为整数', en: 'The floor must be a whole number' },
  'import.tooLong': { 'zh-CN': '名称超过 60 个字', en: 'A name is longer than 60 characters' },
  'import.wrongCompound': {
    'zh-CN': '小区与导入位置不符',
    en: 'The compound is not the import target',
  },
  'import.wrongCommunity': {
    'zh-CN': '社区不在导入位置之下',
    en: 'The community is not under the import target',
  },
  // resident ledger reader
  'ledger.noHeader': {
    'zh-CN': '没有找到表头：前 15 行中需要有“姓名”列，以及“身份证号码”或“房号”列',
    en: 'No header row found: the first 15 rows need a 姓名 (name) column and a 身份证号码 (ID) or 房号 (room) column',
  },
  'ledger.badColumns': {
    'zh-CN': '列对应关系无效：需要指定“姓名”列和“证件号码”或“房号”列，且每列只能对应一项',
    en: 'Invalid column mapping: name and either ID number or room are needed, each column used once',
  },
  'ledger.missingName': { 'zh-CN': '缺少姓名', en: 'The name is missing' },
  'ledger.missingBuilding': { 'zh-CN': '缺少楼栋', en: 'The building is missing' },
  'ledger.missingRoom': { 'zh-CN': '缺少房号', en: 'The room number is missing' },
  'ledger.duplicateInSheet': {
    'zh-CN': '证件号码与本表前面的一行重复',
    en: 'The ID number already appears in an earlier row of this sheet',
  },
  'ledger.badDocNumber': {
    'zh-CN': '证件号码应为 5–30 位字母或数字',
    en: 'A document number is 5–30 letters or digits',
  },
  'ledger.badIdType': {
    'zh-CN': '无法识别的证件类型（身份证、护照、港澳通行证、台胞证、外国人永久居留证、其他）',
    en: 'Unknown document type (resident ID, passport, Hong Kong/Macao or Taiwan permit, foreign permanent residence card, other)',
  },
  'ledger.badSex': { 'zh-CN': '性别应为“男”或“女”', en: 'The sex must be 男 (male) or 女 (female)' },
  'ledger.badRelation': {
    'zh-CN': '无法识别的与户主关系（如户主、配偶、子、女、父母、租户、其他）',
    en: 'Unknown relation to the head of household (e.g. 户主, 配偶, 子, 女, 父母, 租户, 其他)',
  },
  'ledger.badResidenceStatus': {
    'zh-CN': '居住类型应为常住、租户或暂住',
    en: 'The residence type must be 常住 (permanent), 租户 (tenant) or 暂住 (temporary)',
  },
  'ledger.badTransport': {
    'zh-CN': '无法识别的交通方式（火车、飞机、自驾、大巴、其他）',
    en: 'Unknown means of transport (train, plane, car, bus, other)',
  },
  'ledger.badDate': {
    'zh-CN': '日期无法识别，请写成 2020-01-25 或 2020年1月25日',
    en: 'The date cannot be read: write it as 2020-01-25 or 2020年1月25日',
  },
  'ledger.futureDate': { 'zh-CN': '日期晚于今天', en: 'The date is after today' },
  'ledger.tooLong': {
    'zh-CN': '内容过长：姓名最多 50 字，楼栋、单元、房号最多 60 字，备注最多 500 字',
    en: 'A value is too long: names up to 50 characters, building, entrance and room 60, notes 500',
  },
  'ledger.sheet.name': { 'zh-CN': '未导入的行', en: 'Rejected rows' },
  'ledger.sheet.row': { 'zh-CN': '原表行号', en: 'Row' },
  'ledger.sheet.reasons': { 'zh-CN': '未导入原因', en: 'Reasons' },
  'ledger.sheet.duplicateOf': { 'zh-CN': '首次出现的行号', en: 'First seen in row' },
  // key persons and isolation
  'err.temperature.range': {
    'zh-CN': '体温应在 34.0–43.0 °C 之间，请核对是否输错',
    en: 'A temperature is between 34.0 and 43.0 °C: check for a typing error',
  },
  'err.isolation.extendOne': {
    'zh-CN': '请填写新的解除日期或延长天数（二选一）',
    en: 'Give either the new end date or a number of days',
  },
  'isolation.futureDate': { 'zh-CN': '日期不能晚于今天', en: 'The date cannot be after today' },
  'isolation.endBeforeStart': {
    'zh-CN': '计划解除日期不能早于开始日期',
    en: 'The planned end cannot come before the start',
  },
  'isolation.extendNotLater': {
    'zh-CN': '延长后的解除日期应晚于当前计划日期',
    en: 'The new end date must be later than the current one',
  },
  'isolation.tooLong': {
    'zh-CN': '隔离期不能超过 60 天',
    en: 'An isolation cannot last more than 60 days',
  },
  'isolation.releaseEarly': {
    'zh-CN': '尚未到计划解除日期：提前解除请注明并填写原因',
    en: 'The planned end has not come yet: mark the release as early and give the reason',
  },
  'isolation.notActive': { 'zh-CN': '该隔离已结束', en: 'This isolation has ended' },
  'isolation.alreadyActive': {
    'zh-CN': '此人已有进行中的隔离',
    en: 'This person is already in isolation',
  },
  'isolation.alreadyWatched': {
    'zh-CN': '此人已在重点人员名单中',
    en: 'This person is already on the key persons list',
  },
  'isolation.keyPersonClosed': {
    'zh-CN': '该重点人员的管控已结束',
    en: 'Watching this key person has ended',
  },
  'isolation.teamMember': {
    'zh-CN': '专班成员账号不存在、已停用或无权查看此人',
    en: 'A team member account does not exist, is disabled or cannot see this person',
  },
  'isolation.siteRequired': {
    'zh-CN': '集中隔离需选择隔离点和房间',
    en: 'Centralised isolation needs a site and a room',
  },
  'isolation.siteNotServing': {
    'zh-CN': '该隔离点不接收此社区的人员',
    en: 'This site does not serve the person’s community',
  },
  'isolation.roomFull': { 'zh-CN': '该房间床位已满', en: 'This room has no free bed' },
  'isolation.sameKind': {
    'zh-CN': '已在家庭隔离中',
    en: 'The person is in home isolation already',
  },
  'isolation.checkBeforeStart': {
    'zh-CN': '检测时间早于隔离开始',
    en: 'The check is dated before the isolation started',
  },
  'isolation.checkAfterEnd': {
    'zh-CN': '检测时间晚于隔离结束',
    en: 'The check is dated after the isolation ended',
  },
  'isolation.checkInFuture': {
    'zh-CN': '检测时间晚于当前时间，请核对设备时间',
    en: 'The check is dated in the future: check the device clock',
  },
  'isolation.checkConflict': {
    'zh-CN': '同一编号的检测记录已存在且内容不同，原记录保留',
    en: 'A check with this id exists with different content; the original is kept',
  },
  'isolation.followUpDone': { 'zh-CN': '该随访已完成', en: 'This follow-up is done already' },
  'alert.handled': { 'zh-CN': '该预警已处置', en: 'This alert has been handled already' },
  // Each module's own messages, kept beside its rules.
  ...CHECKPOINT_MESSAGES,
  ...REPORT_MESSAGES,
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(k: string): k is MessageKey {
  return Object.hasOwn(MESSAGES, k);
}

export function message(key: string, locale: Locale): string {
  return isMessageKey(key) ? MESSAGES[key][locale] : key;
}

/** Picks zh-CN or en from an Accept-Language header; Chinese is the default. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
