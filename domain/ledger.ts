/**
 * Community resident ledgers (居民信息登记表): the columns they carry, the names offices give those
 * columns, and the words they write in them, mapped to the values the resident registry uses.
 * Pure functions, no I/O: the server reads the sheets, the web shows the mapping step.
 */
import type { z } from 'zod';
import type {
  IdType,
  Relation as RelationEnum,
  ResidenceStatus as ResidenceStatusEnum,
  Sex as SexEnum,
  Transport as TransportEnum,
} from './registry';

export const LEDGER_FIELDS = [
  'name',
  'idType',
  'idNumber',
  'sex',
  'birthDate',
  'phone',
  'building',
  'entrance',
  'floor',
  'room',
  'relation',
  'occupation',
  'residenceStatus',
  'travelFrom',
  'returnedOn',
  'transport',
  'notes',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

// The registry owns the values; a ledger row only maps its words onto them.
export type { IdType };
export type Sex = z.infer<typeof SexEnum>;
export type Relation = z.infer<typeof RelationEnum>;
export type ResidenceStatus = z.infer<typeof ResidenceStatusEnum>;
export type Transport = z.infer<typeof TransportEnum>;

/** One resident as a ledger row describes them, checked and normalised. */
export type LedgerRecord = {
  name: string;
  idType: IdType | null;
  /** Upper-case; for resident IDs checked against GB 11643. */
  idNumber: string | null;
  sex: Sex | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** 11 digits. */
  phone: string | null;
  /** Further mobiles written in the same cell (`138… / 139…`), so none is dropped. */
  otherPhones: string[];
  building: string;
  entrance: string | null;
  floor: number | null;
  room: string;
  relation: Relation | null;
  occupation: string | null;
  residenceStatus: ResidenceStatus | null;
  travelFrom: string | null;
  /** YYYY-MM-DD. */
  returnedOn: string | null;
  transport: Transport | null;
  notes: string | null;
};

/**
 * Longest text accepted per field: the registry's person limits (name 50, occupation and origin 100,
 * notes 500), the grid's 60-character names for building, entrance and room, and room for two phones.
 */
export const LEDGER_LIMITS: Record<LedgerField, number> = {
  name: 50,
  idType: 30,
  idNumber: 30,
  sex: 10,
  birthDate: 30,
  phone: 60,
  building: 60,
  entrance: 60,
  floor: 10,
  room: 60,
  relation: 30,
  occupation: 100,
  residenceStatus: 30,
  travelFrom: 100,
  returnedOn: 30,
  transport: 50,
  notes: 500,
};

/**
 * Column names as community offices write them. `seq` (序号) is recognised only so that it is not
 * offered as an unmapped column and a pre-numbered empty row counts as blank.
 */
export const LEDGER_HEADER_ALIASES: Record<LedgerField | 'seq', readonly string[]> = {
  seq: ['序号', '编号', '序'],
  name: ['姓名', '居民姓名', '人员姓名'],
  idType: ['证件类型', '证件种类'],
  idNumber: ['身份证号', '身份证号码', '证件号码', '公民身份号码', '身份证', '身份证件号码'],
  sex: ['性别'],
  birthDate: ['出生日期', '出生年月', '出生年月日'],
  phone: ['联系电话', '手机号', '手机号码', '电话', '电话号码', '联系方式'],
  building: ['楼栋', '楼号', '楼栋号', '楼'],
  entrance: ['单元', '单元号'],
  floor: ['楼层', '所在楼层'],
  room: ['房号', '门牌号', '房间号', '户号', '室'],
  relation: ['与户主关系', '与户主的关系', '关系'],
  occupation: ['工作单位', '职业'],
  residenceStatus: ['居住类型', '人员类型', '居住状态', '人员性质'],
  travelFrom: ['来源地', '从何地返回', '返回地', '来郑地', '从何地来郑'],
  returnedOn: ['返郑时间', '返回时间', '到达时间', '返郑日期', '返回日期', '来郑时间'],
  transport: ['交通方式', '返回方式', '交通工具', '出行方式'],
  notes: ['备注', '说明'],
};

/**
 * Full-width digits, letters and punctuation to ASCII, as Chinese input methods type them. NFKC also
 * turns the ideographic space into a plain one.
 */
export function halfWidth(s: string): string {
  return s.normalize('NFKC');
}

/** Header text without spaces, required-field stars, colons and bracketed remarks such as (必填). */
function headerKey(text: string): string {
  return halfWidth(text)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>/g, '')
    .replace(/[\s*:]/g, '')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, LedgerField | 'seq'>();
for (const [field, aliases] of Object.entries(LEDGER_HEADER_ALIASES) as [LedgerField | 'seq', string[]][]) {
  for (const a of aliases) HEADER_INDEX.set(headerKey(a), field);
}

/**
 * The field a header cell names, or null. `工作单位/职业` style headers naming one field twice are
 * recognised; `楼栋/单元/房号` naming several is not, since one column cannot fill three fields.
 */
export function ledgerFieldOfHeader(text: string): LedgerField | 'seq' | null {
  const key = headerKey(text);
  if (!key) return null;
  const whole = HEADER_INDEX.get(key);
  if (whole) return whole;
  const parts = key.split(/[/、|]/).filter(Boolean);
  if (parts.length < 2) return null;
  const fields = new Set(parts.map((p) => HEADER_INDEX.get(p) ?? null));
  const [only] = fields;
  return fields.size === 1 && only ? only : null;
}

/** Cell texts that mean "nothing here", which offices write instead of leaving a cell empty. */
const NONE_MARKS = new Set(['无', '/', '\\', '-', '--', '—', '——', '空', '暂无', 'n/a', 'na', 'null']);

export function isNoneMark(text: string): boolean {
  // Every mark is short; the length test spares the normalisation for nearly every cell.
  return text.length <= 6 && NONE_MARKS.has(halfWidth(text).trim().toLowerCase());
}

/** A choice cell as compared: ASCII, no spaces, lower case, bracketed remarks dropped unless that empties it. */
function choiceKey(text: string): string {
  const s = halfWidth(text).replace(/\s/g, '').toLowerCase();
  const bare = s.replace(/\([^)]*\)|【[^】]*】/g, '');
  return bare || s.replace(/[()【】]/g, '');
}

function pick<T>(text: string, table: readonly (readonly [RegExp, T])[]): T | null {
  const key = choiceKey(text);
  if (!key) return null;
  for (const [re, value] of table) if (re.test(key)) return value;
  return null;
}

// Foreign permanent residence cards are 外国人永久居留身份证: tested before the resident ID.
const ID_TYPE_TABLE: readonly (readonly [RegExp, IdType])[] = [
  [/永久居留|永居/, 'foreign_permanent'],
  [/港澳|回乡证|来往内地/, 'hk_macao_permit'],
  [/台湾|台胞|来往大陆/, 'taiwan_permit'],
  [/护照|passport/, 'passport'],
  // The number on a 户口簿 page is the same GB 11643 number a resident ID card carries.
  [
    /^(中国)?(居民|公民)?身份(证|证件|证号码?)$|^(第)?二代身份证$|^公民身份号码$|^户口[簿本]$|^idcard$/,
    'resident_id',
  ],
  [/^(其他|其它|军官证|士兵证|警官证|军人证|文职干部证)$/, 'other'],
];

export function idTypeOf(text: string): IdType | null {
  return pick(text, ID_TYPE_TABLE);
}

// 1 and 2 are the GB/T 2261.1 sex codes some systems export.
const SEX_TABLE: readonly (readonly [RegExp, Sex])[] = [
  [/^(男|男性|m|male|1)$/, 'male'],
  [/^(女|女性|f|female|2)$/, 'female'],
];

export function sexOf(text: string): Sex | null {
  return pick(text, SEX_TABLE);
}

// Grouped as GB/T 4761 groups family relations: 女婿 and 儿媳 with children, 公婆 and 岳父母 with
// parents. 媳妇 is left out on purpose: in Henan it usually means a wife, elsewhere a daughter-in-law.
const RELATION_TABLE: readonly (readonly [RegExp, Relation])[] = [
  [/^(户主|本人|户主本人|本人户主|自己|房主|业主)$/, 'head'],
  [/^(之)?(妻|夫)$|^(配偶|妻子|丈夫|爱人|老婆|老公|夫妻)$/, 'spouse'],
  [/^(长|次|三|四|五|六|七|独|独生|养|继|之)?(子|女|儿子|女儿)$|^(儿|子女|孩子|小孩|儿媳|女婿)$/, 'child'],
  [/^(之)?(父|母)$|^(父亲|母亲|父母|爸爸|妈妈|爸|妈|公公|婆婆|岳父|岳母|继父|继母|养父|养母)$/, 'parent'],
  [/^(外?祖父|外?祖母|外?祖父母|爷爷|奶奶|姥爷|姥姥|外公|外婆)$/, 'grandparent'],
  [/^(外?孙|外?孙子|外?孙女|孙媳妇?|孙女婿)$/, 'grandchild'],
  [/^(兄|弟|姐|妹|哥|哥哥|弟弟|姐姐|妹妹|兄弟|姐妹|兄妹|姐弟|兄弟姐妹)$/, 'sibling'],
  [/^(租户|租客|房客|承租人|租房|合租|租住)$/, 'tenant'],
  // 阿姨 in a household is usually the housekeeper, so it is not read as an aunt.
  [/^(其他|其它|非亲属|保姆|阿姨|朋友|同学|同事|室友|借住|雇员|员工|同住|护工)$/, 'other'],
  [/^(其他亲属|其它亲属|亲属|亲戚)$|[侄甥嫂婿叔伯舅姑姨表堂]|媳$|曾孙|曾祖/, 'other_relative'],
];

export function relationOf(text: string): Relation | null {
  return pick(text, RELATION_TABLE);
}

const RESIDENCE_TABLE: readonly (readonly [RegExp, ResidenceStatus])[] = [
  [/^(常住|常驻|常住人口|户籍|户籍人口|户籍常住|本地|本地人口|自住|业主)$/, 'permanent'],
  [/^(租户|租住|租房|租赁|承租|出租|租客)$/, 'tenant'],
  [/^(暂住|暂住人口|流动|流动人口|临时|临时居住|借住|寄住|外来|外来人口|短住)$/, 'temporary'],
];

export function residenceStatusOf(text: string): ResidenceStatus | null {
  return pick(text, RESIDENCE_TABLE);
}

// Matched anywhere in the cell, since offices write `高铁G802` or `自驾车`. Car comes before bus
// because 汽车 alone means a long-distance bus in travel registers, while 汽车自驾 is a car.
const TRANSPORT_TABLE: readonly (readonly [RegExp, Transport])[] = [
  [/火车|高铁|动车|列车|铁路|城际|^[gdczktyl]\d{1,5}次?$/, 'train'],
  [/飞机|航班|民航|乘机|^[a-z0-9]{2}\d{3,4}$/, 'plane'],
  [/自驾|私家车|小汽车|小车|轿车|开车|网约车|出租车|顺风车|拼车/, 'car'],
  [/大巴|客车|巴士|长途|汽车|公交|班车|中巴|客运/, 'bus'],
  [/^(其他|其它|步行|骑行|自行车|电动车|摩托车?|货车|船|轮船)$/, 'other'],
];

export function transportOf(text: string): Transport | null {
  return pick(text, TRANSPORT_TABLE);
}

// Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for; every serial from
// 1906 on (2200) is past that quirk.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const SERIAL_MIN = 2_200; // 1906-01-08: smaller numbers in a date column are years or typing errors
const SERIAL_MAX = 109_574; // 2199-12-31
const DAY_MS = 86_400_000;

function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1850 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as ledgers hold it, as `YYYY-MM-DD`, or null when it cannot be read without guessing.
 *
 * Accepts Date objects, Excel serial day numbers (what a date cell is once its format is ignored),
 * `20200125`, `2020-01-25`, `2020/1/25`, `2020.1.25`, `2020年1月25日`, with an optional time after it,
 * and, only when `defaultYear` is given, `1月25日`, `1-25`, `1/25` and `1.25`. A number typed as
 * `1.25` arrives as the number 1.25 and is read the same way; `1.1` is refused because Excel keeps
 * `1.10` as 1.1 too, so January 1 and January 10 can no longer be told apart.
 */
export function normalizeDate(value: string | number | Date, defaultYear?: number): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return ymd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    if (Number.isInteger(value) && value >= 18_500_101 && value <= 21_991_231) {
      return ymd(Math.floor(value / 10_000), Math.floor(value / 100) % 100, value % 100);
    }
    const monthDay = /^(\d{1,2})\.(\d{2})$/.exec(String(value));
    if (monthDay) {
      return defaultYear === undefined ? null : ymd(defaultYear, Number(monthDay[1]), Number(monthDay[2]));
    }
    if (value >= SERIAL_MIN && value < SERIAL_MAX + 1) {
      const d = new Date(EXCEL_EPOCH + Math.floor(value) * DAY_MS);
      return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    return null;
  }
  const t = halfWidth(value)
    .trim()
    .replace(/(\s+|T)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/i, '');
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(t);
  if (m) return defaultYear === undefined ? null : ymd(defaultYear, Number(m[1]), Number(m[2]));
  // A serial day number that reached the sheet as text, e.g. pasted from another workbook.
  if (/^\d{4,6}(\.\d+)?$/.test(t)) return normalizeDate(Number(t), defaultYear);
  return null;
}

/** The `YYYY-MM` months a year-and-month cell (出生年月) may mean; empty when it is not one. */
function yearMonths(value: string | number | Date): string[] {
  const ym = (y: number, m: number) =>
    y >= 1850 && y <= 2199 && m >= 1 && m <= 12 ? `${y}-${String(m).padStart(2, '0')}` : null;
  const keep = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null);
  if (value instanceof Date) return [];
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 185_001 && value <= 219_912) {
      return keep([ym(Math.floor(value / 100), value % 100)]);
    }
    const m = /^(\d{4})\.(\d{1,2})$/.exec(String(value));
    if (!m) return [];
    const y = Number(m[1]);
    // 1988.10 typed into a number cell is kept as 1988.1, the same as 1988.1 typed for January.
    return m[2]?.length === 1
      ? keep([ym(y, Number(m[2])), ym(y, Number(m[2]) * 10)])
      : keep([ym(y, Number(m[2]))]);
  }
  const t = halfWidth(value).trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  return m ? keep([ym(Number(m[1]), Number(m[2]))]) : [];
}

/**
 * Whether a birth date cell agrees with the birth date an ID number encodes (YYYY-MM-DD). A
 * year-and-month cell (`1988.01`, `1988年1月`) agrees when the month does. Null when the cell
 * cannot be read as a date at all.
 */
export function birthDateAgrees(value: string | number | Date, birthDate: string): boolean | null {
  const months = yearMonths(value);
  if (months.length > 0) return months.includes(birthDate.slice(0, 7));
  const date = normalizeDate(value);
  return date === null ? null : date === birthDate;
}
