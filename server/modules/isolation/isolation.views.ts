import type { Fill } from 'exceljs';
import { sql } from 'kysely';
import { z } from 'zod';
import { Id } from '../../../domain/common';
import {
  DEFAULT_SCHEDULE,
  IsolationKind,
  IsolationStatus,
  isFever,
  KeyPersonCategory,
  type ShiftState,
  WorklistDto,
  WorklistQuery,
  WorklistRow,
} from '../../../domain/isolation';
import type { Deps } from '../../deps';
import { subtreeEnd } from '../../http/context';
import { badRequest } from '../../http/errors';
import ExcelJS from '../../lib/exceljs';
import { safeCell, workbookBuffer } from '../../lib/xlsx';
import { recordAudit } from '../audit';
import { unitInScope } from '../units';
import { type ActorCtx, addresses, type Db, lastId, need, today } from './isolation.common';
import { worklist } from './isolation.worklist';

/**
 * Read-only views over the isolation data: the floor plan of a compound (隔离人员位置平面图) and the
 * printable / downloadable master table (一张通表). Both are built from the daily worklist, so a room's
 * colour and a row of the table always agree with the worklist of the same day.
 */

const Day = z.iso.date();
const CHUNK = 500;

// ---------------------------------------------------------------------------------------------
// The floor plan

/** A household's state on the plan, worst first: a fever (or an open alert) outranks an overdue check. */
export const PLAN_STATES = ['fever', 'overdue', 'due', 'not_yet_due', 'done', 'released'] as const;
export type PlanState = (typeof PLAN_STATES)[number];
const PLAN_ORDER = Object.fromEntries(PLAN_STATES.map((s, i) => [s, i])) as Record<PlanState, number>;

export const PlanQuery = z.strictObject({ compound: Id, date: Day.optional() });

export const PlanPerson = z.object({
  isolationId: Id,
  /** Masked (`王*英`): a plan is printed and pinned up. */
  name: z.string(),
  category: KeyPersonCategory,
  kind: IsolationKind,
  siteName: z.string().nullable(),
  status: IsolationStatus,
  state: z.enum(PLAN_STATES),
  plannedEndOn: z.string(),
  openAlerts: z.number().int(),
  /** The latest temperature of the day, if any check was made. */
  lastTemperature: z.number().nullable(),
  missedBefore: z.number().int(),
  /** After release: the next follow-up visit still open. */
  nextFollowUpOn: z.string().nullable(),
});
export type PlanPerson = z.infer<typeof PlanPerson>;

export const PlanRoom = z.object({
  id: Id,
  name: z.string(),
  floor: z.number().nullable(),
  /** The worst state of the persons in the room; null when nobody in it is watched. */
  state: z.enum(PLAN_STATES).nullable(),
  persons: z.array(PlanPerson),
});

export const PlanDto = z.object({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  date: z.string(),
  timeZone: z.string(),
  counts: z.object({
    rooms: z.number().int(),
    persons: z.number().int(),
    fever: z.number().int(),
    overdue: z.number().int(),
    due: z.number().int(),
    notYetDue: z.number().int(),
    done: z.number().int(),
    released: z.number().int(),
    elsewhere: z.number().int(),
  }),
  buildings: z.array(
    z.object({
      id: Id,
      name: z.string(),
      entrances: z.array(z.object({ id: Id, name: z.string(), rooms: z.array(PlanRoom) })),
    }),
  ),
  /** Watched persons of the compound who are not in a room of the plan (at a centralised site). */
  elsewhere: z.array(PlanPerson.extend({ address: z.string() })),
});
export type PlanDto = z.infer<typeof PlanDto>;

/** `王*英`, `李*`, `欧**娜`: the first and last character, never the whole name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** The latest temperature taken in the day's shifts. */
function lastTemperature(r: WorklistRow): number | null {
  const taken = r.shifts.filter((s) => s.temperature !== null && s.at !== null);
  taken.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return taken.at(-1)?.temperature ?? null;
}

/** A row of the worklist as the plan colours it. */
export function planState(r: Pick<WorklistRow, 'status' | 'state' | 'openAlerts'>, last: number | null) {
  if (r.status !== 'active') return 'released' as const;
  if (r.openAlerts > 0 || (last !== null && isFever(last))) return 'fever' as const;
  return r.state;
}

/** Where each order lives: the room at the end of its path. */
async function orderPlaces(db: Db, ids: string[]) {
  const out = new Map<string, { unitPath: string; startOn: string }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('isolation_orders')
      .select(['id', 'unit_path', 'start_on'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, { unitPath: r.unit_path, startOn: r.start_on });
  }
  return out;
}

/** Orders released by `day` whose follow-up visits are still open: grey on the plan. */
function releasedWithFollowUps(db: Db, scopePath: string, day: string) {
  return db
    .selectFrom('follow_up_tasks as f')
    .innerJoin('isolation_orders as o', 'o.id', 'f.isolation_id')
    .innerJoin('key_persons as k', 'k.id', 'o.key_person_id')
    .innerJoin('persons as p', 'p.id', 'o.person_id')
    .leftJoin('isolation_sites as s', 's.id', 'o.site_id')
    .select([
      'o.id',
      'o.unit_path',
      'o.kind',
      'o.status',
      'o.planned_end_on',
      'k.category',
      'p.name',
      's.name as site_name',
      'f.due_on',
    ])
    .where('f.unit_path', '>=', scopePath)
    .where('f.unit_path', '<', subtreeEnd(scopePath))
    .where('f.status', '=', 'open')
    .where('o.ended_on', '<=', day)
    .orderBy('f.due_on')
    .execute();
}

/** Buildings, entrances and rooms under a compound (or of one building), in the grid's order. */
function gridNodes(db: Db, rootPath: string) {
  return db
    .selectFrom('units as u')
    .where('u.path', '>', rootPath)
    .where('u.path', '<', subtreeEnd(rootPath))
    .where('u.archived_at', 'is', null)
    .where('u.type', 'in', ['building', 'entrance', 'household'])
    .select(['u.id', 'u.parent_id', 'u.type', 'u.name', 'u.floor'])
    .orderBy('u.sort_order')
    .orderBy(sql`length(u.name)`)
    .orderBy('u.name')
    .execute();
}

/**
 * The floor plan of a compound for a day: every building as entrances × floors × rooms, and in each
 * room the persons under watch with their state of the day. Given a building instead of a compound,
 * that building alone (a grid worker bound to one building cannot see the compound).
 */
export async function isolationPlan(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof PlanQuery>,
): Promise<PlanDto> {
  need(ctx.actor, 'isolation.read');
  const root = await unitInScope(deps.db, ctx.actor, q.compound);
  const scopePath = root.path;
  if (root.type !== 'compound' && root.type !== 'building')
    throw badRequest('problem.validation', 'compound');
  const day = q.date ?? today(deps);
  const [list, nodes, released] = await Promise.all([
    worklist(deps, ctx, { unit: root.id, date: day }),
    gridNodes(deps.db, scopePath),
    releasedWithFollowUps(deps.db, scopePath, day),
  ]);
  const places = await orderPlaces(
    deps.db,
    list.rows.map((r) => r.isolationId),
  );

  type Room = z.infer<typeof PlanRoom>;
  const rooms = new Map<string, Room>();
  const kids = new Map<string, typeof nodes>();
  for (const n of nodes) {
    kids.set(n.parent_id ?? '', [...(kids.get(n.parent_id ?? '') ?? []), n]);
    if (n.type === 'household')
      rooms.set(n.id, { id: n.id, name: n.name, floor: n.floor, state: null, persons: [] });
  }
  const elsewhere: PlanDto['elsewhere'] = [];
  const place = (unitPath: string | undefined, p: PlanPerson, address: string) => {
    const room = unitPath && p.kind === 'home' ? rooms.get(lastId(unitPath)) : undefined;
    if (room) room.persons.push(p);
    else elsewhere.push({ ...p, address });
  };

  for (const r of list.rows) {
    const last = lastTemperature(r);
    place(
      places.get(r.isolationId)?.unitPath,
      {
        isolationId: r.isolationId,
        name: maskName(r.name),
        category: r.category,
        kind: r.kind,
        siteName: r.siteName,
        status: r.status,
        state: planState(r, last),
        plannedEndOn: r.plannedEndOn,
        openAlerts: r.openAlerts,
        lastTemperature: last,
        missedBefore: r.missedBefore,
        nextFollowUpOn: null,
      },
      r.address,
    );
  }
  const shown = new Set(list.rows.map((r) => r.isolationId));
  const address = await addresses(
    deps.db,
    released.map((r) => r.unit_path),
  );
  for (const f of released) {
    // One entry per order: the earliest open visit (rows come ordered by due date).
    if (shown.has(f.id)) continue;
    shown.add(f.id);
    place(
      f.unit_path,
      {
        isolationId: f.id,
        name: maskName(f.name),
        category: f.category as PlanPerson['category'],
        kind: f.kind as PlanPerson['kind'],
        siteName: f.site_name,
        status: f.status as PlanPerson['status'],
        state: 'released',
        plannedEndOn: f.planned_end_on,
        openAlerts: 0,
        lastTemperature: null,
        missedBefore: 0,
        nextFollowUpOn: f.due_on,
      },
      address(f.unit_path),
    );
  }

  const persons: PlanPerson[] = [];
  for (const room of rooms.values()) {
    room.persons.sort((a, b) => PLAN_ORDER[a.state] - PLAN_ORDER[b.state]);
    room.state = room.persons[0]?.state ?? null;
    persons.push(...room.persons);
  }
  const count = (s: PlanState) => persons.filter((p) => p.state === s).length;
  const roomsOf = (parentId: string) =>
    (kids.get(parentId) ?? []).flatMap((n) => (n.type === 'household' ? (rooms.get(n.id) ?? []) : []));
  const buildings = root.type === 'building' ? [root] : (kids.get(root.id) ?? []);
  return {
    unit: { id: root.id, name: root.name, type: root.type },
    date: list.date,
    timeZone: list.timeZone,
    counts: {
      rooms: [...rooms.values()].filter((r) => r.persons.length > 0).length,
      persons: persons.length,
      fever: count('fever'),
      overdue: count('overdue'),
      due: count('due'),
      notYetDue: count('not_yet_due'),
      done: count('done'),
      released: count('released'),
      elsewhere: elsewhere.length,
    },
    buildings: buildings
      .filter((b) => b.type === 'building')
      .map((b) => {
        const entrances = (kids.get(b.id) ?? []).filter((e) => e.type === 'entrance');
        return {
          id: b.id,
          name: b.name,
          // A building without 单元 shows its rooms as one column named after the building.
          entrances: entrances.length
            ? entrances.map((e) => ({ id: e.id, name: e.name, rooms: roomsOf(e.id) }))
            : [{ id: b.id, name: b.name, rooms: roomsOf(b.id) }],
        };
      }),
    elsewhere,
  };
}

// ---------------------------------------------------------------------------------------------
// The master table (一张通表)

export const MasterTableQuery = WorklistQuery;
export const MasterTableDto = WorklistDto.extend({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  rows: z.array(WorklistRow.extend({ startOn: z.string() })),
  generatedAt: z.string(),
});
export type MasterTableDto = z.infer<typeof MasterTableDto>;

/** The worklist of a node and day with what the paper table also shows (the start of each order). */
export async function masterTable(deps: Deps, ctx: ActorCtx, q: z.infer<typeof MasterTableQuery>) {
  return (await loadMasterTable(deps, ctx, q)).table;
}

async function loadMasterTable(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof MasterTableQuery>,
): Promise<{ table: MasterTableDto; unitPath: string }> {
  const list = await worklist(deps, ctx, q);
  const unit = await unitInScope(deps.db, ctx.actor, q.unit ?? ctx.actor.unitId);
  const places = await orderPlaces(
    deps.db,
    list.rows.map((r) => r.isolationId),
  );
  const table = {
    ...list,
    unit: { id: unit.id, name: unit.name, type: unit.type },
    rows: list.rows.map((r) => ({ ...r, startOn: places.get(r.isolationId)?.startOn ?? '' })),
    generatedAt: deps.clock.now().toISOString(),
  };
  return { table, unitPath: unit.path };
}

const CATEGORY: Record<string, string> = {
  risk_area_returnee: '疫区返回',
  overseas_arrival: '境外入境',
  close_contact: '密切接触者',
  fever_patient: '发热病人',
  suspected: '疑似病例',
  confirmed: '确诊病例',
  recovered: '治愈出院',
};
const KIND: Record<string, string> = { home: '居家隔离', site: '集中隔离' };
const ROW_STATE: Record<string, string> = {
  overdue: '超时未测',
  due: '待测',
  not_yet_due: '未到时',
  done: '已完成',
};
const STATUS: Record<string, string> = { released: '已解除', hospitalised: '已转院' };
const SHIFT_NAMES = ['上午', '下午'];
const FILL: Partial<Record<ShiftState | 'fever', string>> = {
  done: 'FFC6EFCE',
  overdue: 'FFFFC7CE',
  due: 'FFFFEB9C',
  fever: 'FFFFC7CE',
};

const fill = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/**
 * The 一张通表 as .xlsx: the same rows and states as the worklist, one row per person, each check
 * with its temperature and a tick, overdue in red; the exporter and the time on top; audited.
 */
export async function masterTableXlsx(deps: Deps, ctx: ActorCtx, q: z.infer<typeof MasterTableQuery>) {
  const { table: data, unitPath } = await loadMasterTable(deps, ctx, q);
  const tz = data.timeZone;
  const time = new Intl.DateTimeFormat('zh-CN', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const at = new Intl.DateTimeFormat('zh-CN', {
    timeZone: tz,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(data.generatedAt));
  const shiftNames = DEFAULT_SCHEDULE.starts.map((_, i) => SHIFT_NAMES[i] ?? `第${i + 1}次`);
  const headers = [
    '序号',
    '姓名',
    '住址',
    '类别',
    '隔离方式',
    '开始日期',
    '计划解除',
    ...shiftNames.map((s) => `${s}体温`),
    '今日状态',
    '往日漏测',
    '未处置告警',
    '备注',
  ];

  const wb = new ExcelJS.Workbook();
  wb.creator = `Shouwang — ${ctx.actor.username}`;
  const ws = wb.addWorksheet('一张通表', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '5:5',
    },
  });
  const c = data.counts;
  ws.addRow([safeCell(`重点人员健康监测一张通表 — ${data.unit.name}`)]).font = { bold: true, size: 14 };
  ws.addRow([safeCell(`日期：${data.date}（${tz}）`)]);
  ws.addRow([
    safeCell(
      `共 ${c.rows} 人：已完成 ${c.done}，待测 ${c.due}，超时未测 ${c.overdue}，未到时 ${c.notYetDue}；往日漏测 ${c.carriedOver} 次（${c.carriedOverPersons} 人）；今日期满 ${c.endingToday} 人；待随访 ${c.followUpsDue} 人`,
    ),
  ]);
  ws.addRow([safeCell(`导出人：${ctx.actor.displayName}（${ctx.actor.username}） 导出时间：${at}`)]);
  const header = ws.addRow(headers);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = fill('FFF0F0F0');
    cell.border = { bottom: { style: 'thin' } };
  });
  const firstShiftCol = 8;
  data.rows.forEach((r, i) => {
    const shiftCells = r.shifts.map((s) => {
      if (s.state === 'done' && s.temperature !== null)
        return `✓ ${s.temperature.toFixed(1)}℃${s.at ? ` ${time.format(new Date(s.at))}` : ''}`;
      return { overdue: '✗ 超时未测', due: '待测', not_yet_due: '未到时', none: '—', done: '✓' }[s.state];
    });
    const notes = [
      r.endsToday ? '今日期满' : '',
      STATUS[r.status] ?? '',
      r.siteName ? `隔离点：${r.siteName}` : '',
    ].filter(Boolean);
    const row = ws.addRow(
      [
        i + 1,
        r.name,
        r.address,
        CATEGORY[r.category] ?? r.category,
        KIND[r.kind] ?? r.kind,
        r.startOn,
        r.plannedEndOn,
        ...shiftCells,
        ROW_STATE[r.state] ?? r.state,
        r.missedBefore,
        r.openAlerts,
        notes.join('；'),
      ].map((v) => (typeof v === 'string' ? safeCell(v) : v)),
    );
    r.shifts.forEach((s, k) => {
      const cell = row.getCell(firstShiftCol + k);
      const fever = s.temperature !== null && isFever(s.temperature);
      const color = fever ? FILL.fever : FILL[s.state];
      if (color) cell.fill = fill(color);
      if (fever) cell.font = { bold: true, color: { argb: 'FF9C0006' } };
    });
    const stateCell = row.getCell(firstShiftCol + r.shifts.length);
    const stateColor = FILL[r.state as ShiftState];
    if (stateColor) stateCell.fill = fill(stateColor);
    if (r.missedBefore > 0) row.getCell(firstShiftCol + r.shifts.length + 1).font = { bold: true };
  });
  if (data.rows.length === 0) ws.addRow(['', '今日无需监测的人员']);
  ws.columns.forEach((col, i) => {
    col.width = [6, 10, 30, 12, 10, 12, 12][i] ?? (i < firstShiftCol - 1 + shiftNames.length ? 18 : 12);
  });

  if (data.followUps.length || data.endingToday.length) {
    const more = wb.addWorksheet('期满与随访');
    more.addRow(['期满与随访']).font = { bold: true, size: 13 };
    const h = more.addRow(['事项', '姓名', '住址', '日期', '备注']);
    h.font = { bold: true };
    for (const e of data.endingToday)
      more.addRow(['今日期满', e.name, '', e.plannedEndOn, ''].map((v) => safeCell(v)));
    for (const f of data.followUps)
      more.addRow(
        [`解除后第 ${f.dayAfter} 天随访`, f.name, f.address, f.dueOn, f.overdue ? '已过期未随访' : ''].map(
          (v) => safeCell(v),
        ),
      );
    more.columns.forEach((col, i) => {
      col.width = [20, 10, 30, 12, 16][i] ?? 12;
    });
  }

  const buf = await workbookBuffer(wb);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'isolation.export',
    entityType: 'unit',
    entityId: data.unit.id,
    unitId: data.unit.id,
    unitPath,
    details: { date: data.date, rows: data.rows.length },
  });
  return { buf, filename: `一张通表-${data.unit.name}-${data.date}.xlsx` };
}
