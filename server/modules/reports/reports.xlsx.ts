import type { Worksheet } from 'exceljs';
import type { z } from 'zod';
import type { KeyPersonCategory } from '../../../domain/isolation';
import type { DailyFigures, RollupCommunityDto, RollupDto, RollupQuery } from '../../../domain/reports';
import type { Deps } from '../../deps';
import ExcelJS from '../../lib/exceljs';
import { safeCell } from '../../lib/xlsx';
import { recordAudit } from '../audit';
import { type ActorCtx, dayContext, levelOf, need } from './reports.common';
import { rollupOf } from './reports.service';

/**
 * The roll-up as a workbook for the level above, in a fixed layout: a summary sheet (one row per
 * community and a total row), then one sheet per community whose rows never move (the checkpoint
 * table, the only part of variable length, comes last). Labels are Chinese: the workbook is sent to
 * the district as it is.
 */

const STATUS: Record<string, string> = {
  open: '未截止',
  due: '待上报',
  submitted: '已上报',
  late: '迟报',
  missing: '未上报',
};
const CATEGORY: Record<KeyPersonCategory, string> = {
  risk_area_returnee: '疫区返回人员',
  overseas_arrival: '境外入境人员',
  close_contact: '密切接触者',
  fever_patient: '发热病人',
  suspected: '疑似病例',
  confirmed: '确诊病例',
  recovered: '治愈出院人员',
};

/** Summary columns after 序号, 社区, 上报状态, 版本, 零报告, 上报时间: label and figure. */
export const SUMMARY_FIGURES: [string, (f: DailyFigures) => number][] = [
  ['登记户数', (f) => f.registry.households],
  ['登记人数', (f) => f.registry.persons],
  ['房屋数', (f) => f.registry.rooms],
  ['已登记房屋', (f) => f.registry.reached],
  ['新登记人数', (f) => f.registry.newPersons],
  ['卡口进入', (f) => f.passages.entriesIn],
  ['卡口外出', (f) => f.passages.entriesOut],
  ['卡口发热', (f) => f.passages.fevers],
  ['劝返', (f) => f.passages.denied],
  ['在管重点人员', (f) => f.watch.total],
  ['居家隔离', (f) => f.watch.home],
  ['集中隔离', (f) => f.watch.site],
  ['新增重点人员', (f) => f.isolations.newKeyPersons],
  ['新增隔离', (f) => f.isolations.started],
  ['解除隔离', (f) => f.isolations.released],
  ['转运', (f) => f.isolations.transferred],
  ['送医', (f) => f.isolations.hospitalised],
  ['应测人次', (f) => f.checks.due],
  ['已测人次', (f) => f.checks.done],
  ['逾期未测', (f) => f.checks.overdue],
  ['体温异常', (f) => f.checks.fevers],
  ['新增预警', (f) => f.alerts.raised],
  ['已处置预警', (f) => f.alerts.handled],
  ['未处置预警', (f) => f.alerts.open],
];
const LEAD = ['序号', '社区（村）', '上报状态', '版本', '零报告', '上报时间'];
/** Row of the summary's header; communities follow, then the total row. */
export const SUMMARY_HEADER_ROW = 5;

const cell = (v: string | null | undefined) => safeCell(v ?? '');

function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique within the workbook. */
function sheetName(name: string, used: Set<string>) {
  const base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '社区';
  let n = base;
  for (let i = 2; used.has(n); i++) n = `${base}(${i})`;
  used.add(n);
  return n;
}

export async function rollupWorkbook(deps: Deps, ctx: ActorCtx, q: z.infer<typeof RollupQuery>) {
  need(ctx.actor, 'reports.read');
  const level = await levelOf(deps, ctx.actor, q.unit);
  const day = await dayContext(deps, level.path, q.date, 'closed');
  const r = await rollupOf(deps, level, day);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'report.export',
    entityType: 'unit',
    entityId: level.id,
    unitId: level.id,
    unitPath: level.path,
    details: {
      date: r.date,
      communities: r.communities.length,
      submitted: r.counts.submitted + r.counts.late,
    },
  });
  const at = (iso: string) =>
    new Intl.DateTimeFormat('zh-CN', {
      timeZone: deps.config.tzDays,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(iso));
  const wb = new ExcelJS.Workbook();
  // ExcelJS stores no cached result for a formula whose value is 0: have viewers recalculate on open.
  wb.calcProperties.fullCalcOnLoad = true;
  wb.creator = `Shouwang — ${ctx.actor.username}`;
  wb.created = deps.clock.now();
  const exporter = `导出人：${ctx.actor.displayName}（${ctx.actor.username}） 导出时间：${at(deps.clock.now().toISOString())}`;
  const period = `统计时段：${at(r.period.start)} 至 ${at(r.period.end)}（${r.timeZone}）`;

  // Summary.
  const ws = wb.addWorksheet('汇总');
  ws.addRow([cell(`${level.name} 疫情防控日报汇总 — ${r.date}`)]).font = { bold: true, size: 14 };
  ws.addRow([cell(period), '', '', '', '', '', cell(exporter)]);
  ws.addRow([
    `共 ${r.counts.communities} 个社区（村）：已上报 ${r.counts.submitted}，迟报 ${r.counts.late}，未上报 ${r.counts.missing + r.counts.due + r.counts.open}，零报告 ${r.counts.zeroReports}`,
  ]);
  ws.addRow([]);
  const header = ws.addRow([...LEAD, ...SUMMARY_FIGURES.map(([label]) => label)]);
  header.font = { bold: true };
  const first = SUMMARY_HEADER_ROW + 1;
  r.communities.forEach((c, i) => {
    ws.addRow([
      i + 1,
      cell(c.unit.name),
      STATUS[c.status] ?? c.status,
      c.version ?? '',
      c.version === null ? '' : c.zeroReport ? '是' : '否',
      c.submittedAt ? at(c.submittedAt) : '',
      ...SUMMARY_FIGURES.map(([, get]) => get(c.figures)),
    ]);
  });
  const last = first + r.communities.length - 1;
  const totals = ws.addRow([
    '',
    '合计',
    '',
    '',
    '',
    '',
    ...SUMMARY_FIGURES.map(([, get], k) => {
      const col = columnLetter(LEAD.length + k + 1);
      const result = get(r.total);
      return r.communities.length ? { formula: `SUM(${col}${first}:${col}${last})`, result } : result;
    }),
  ]);
  totals.font = { bold: true };
  ws.addRow([]);
  ws.addRow(['说明：未上报的社区按系统汇总数据列出；已上报的按最新版本。']);
  ws.getColumn(2).width = 18;
  ws.getColumn(6).width = 16;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: SUMMARY_HEADER_ROW }];

  // One sheet per community.
  const used = new Set(['汇总']);
  for (const c of r.communities)
    communitySheet(wb.addWorksheet(sheetName(c.unit.name, used)), c, r, { at, period, exporter });

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `疫情防控日报-${level.name}-${r.date}.xlsx` };
}

function communitySheet(
  ws: Worksheet,
  c: RollupCommunityDto,
  r: RollupDto,
  s: { at: (iso: string) => string; period: string; exporter: string },
) {
  const f = c.figures;
  const section = (title: string) => {
    ws.addRow([]);
    ws.addRow([title]).font = { bold: true };
  };
  const line = (label: string, value: string | number) => ws.addRow([label, value]);
  ws.addRow([cell(`${c.unit.name} 疫情防控日报 — ${r.date}`)]).font = { bold: true, size: 14 };
  ws.addRow([cell(s.period)]);
  line('上报状态', STATUS[c.status] ?? c.status);
  line('版本', c.version ?? '');
  line('上报时间', c.submittedAt ? s.at(c.submittedAt) : '');
  line('上报人', cell(c.submittedBy));
  line('零报告', c.version === null ? '' : c.zeroReport ? '是' : '否');
  line('数据来源', c.figuresFrom === 'submitted' ? '社区上报' : '系统汇总（未上报）');

  section('一、户籍登记');
  line('房屋数', f.registry.rooms);
  line('已登记房屋', f.registry.reached);
  line('覆盖率', `${(f.registry.coverage * 100).toFixed(1)}%`);
  line('登记户数', f.registry.households);
  line('登记人数', f.registry.persons);
  line('当日新登记户数', f.registry.newHouseholds);
  line('当日新登记人数', f.registry.newPersons);

  section('二、重点人员（截至统计时段末）');
  line('在管合计', f.watch.total);
  line('居家隔离', f.watch.home);
  line('集中隔离', f.watch.site);
  for (const [k, label] of Object.entries(CATEGORY)) line(label, f.watch.byCategory[k as KeyPersonCategory]);

  section('三、隔离变动');
  line('新增重点人员', f.isolations.newKeyPersons);
  line('新增隔离', f.isolations.started);
  line('解除隔离', f.isolations.released);
  line('转运（居家与集中之间）', f.isolations.transferred);
  line('送医', f.isolations.hospitalised);

  section('四、健康监测');
  line('应测人次', f.checks.due);
  line('已测人次', f.checks.done);
  line('逾期未测', f.checks.overdue);
  line('待测（班次未结束）', f.checks.pending);
  line('体温或症状异常', f.checks.fevers);

  section('五、预警');
  line('新增预警', f.alerts.raised);
  line('已处置', f.alerts.handled);
  line('未处置', f.alerts.open);

  const wrapped = (text: string | null) => {
    ws.addRow([cell(text) || '无']).alignment = { wrapText: true, vertical: 'top' };
  };
  section('六、重要情况');
  wrapped(c.notableEvents);
  section('七、需协调解决的问题');
  wrapped(c.needs);

  section('八、卡口通行');
  ws.addRow(['卡口', '进入', '外出', '发热', '劝返']).font = { bold: true };
  for (const cp of f.passages.byCheckpoint) {
    ws.addRow([cell(cp.name), cp.entriesIn, cp.entriesOut, cp.fevers, cp.denied]);
  }
  ws.addRow([
    '合计',
    f.passages.entriesIn,
    f.passages.entriesOut,
    f.passages.fevers,
    f.passages.denied,
  ]).font = {
    bold: true,
  };
  ws.addRow([]);
  ws.addRow([cell(s.exporter)]);
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 14;
}
