import { PassThrough } from 'node:stream';
import type { z } from 'zod';
import {
  type DenyReason,
  MOVEMENT_DAYS,
  type MovementsDto,
  type PassageDto,
  type PassageQuery,
} from '../../../domain/checkpoints';
import type { Page } from '../../../domain/common';
import { localTime } from '../../../domain/isolation';
import { maskName } from '../../../domain/passes';
import { maskIdNumber, maskPhone } from '../../../domain/residents';
import { can } from '../../../domain/roles';
import type { Deps } from '../../deps';
import { type Actor, inSubtree } from '../../http/context';
import { notFound } from '../../http/errors';
import ExcelJS from '../../lib/exceljs';
import { safeCell } from '../../lib/xlsx';
import { recordAudit } from '../audit';
import { type ActorCtx, addresses, ids, need, scopeOf } from './checkpoints.common';
import * as repo from './checkpoints.repo';
import { checkpointInScope } from './checkpoints.service';
import {
  listPassages as listRows,
  movementsOf,
  type PassageFilter,
  type PassageRow,
  passagesForExport,
} from './passages.repo';

async function passageDtos(deps: Deps, actor: Actor, rows: PassageRow[]): Promise<PassageDto[]> {
  // Guards and volunteers see who passed their gate, masked; staff who read the registry see names.
  const names = can(actor.role, 'persons.read');
  const households = await repo.householdsBrief(
    deps.db,
    rows.flatMap((r) => [r.household_id, r.host_household_id].filter((h): h is string => !!h)),
  );
  const pathOf = new Map(households.map((h) => [h.id, h.unit_path]));
  const address = await addresses(deps.db, [...pathOf.values()]);
  const where = (h: string | null) => (h && pathOf.has(h) ? address(pathOf.get(h) as string) : null);
  return rows.map((r) => {
    const name = r.person_name ?? r.visitor_name;
    const visitor = r.subject_type === 'visitor' || r.subject_type === 'courier';
    return {
      id: r.id,
      checkpointId: r.checkpoint_id,
      checkpointName: r.checkpoint_name,
      at: r.at,
      direction: r.direction as PassageDto['direction'],
      lane: r.lane,
      subjectType: r.subject_type as PassageDto['subjectType'],
      passId: r.pass_id,
      personId: r.person_id,
      householdId: r.household_id,
      name: name ? (names ? name : maskName(name)) : null,
      address: where(r.household_id),
      visitor: visitor
        ? {
            phone: r.visitor_phone ? maskPhone(r.visitor_phone) : null,
            idNumber: r.visitor_id_number ? maskIdNumber(r.visitor_id_number) : null,
            purpose: r.visitor_purpose,
            company: r.visitor_company,
            hostAddress: where(r.host_household_id),
          }
        : null,
      temperature: r.temp_tenths === null ? null : r.temp_tenths / 10,
      fever: r.fever === 1,
      plate: r.plate,
      occupants: r.occupants,
      note: r.note,
      decision: r.decision as PassageDto['decision'],
      reasons: ids(r.reasons) as DenyReason[],
      serverVerdict: {
        decision: r.server_decision as PassageDto['decision'],
        reasons: ids(r.server_reasons) as DenyReason[],
      },
      mismatch: r.mismatch === 1,
      alertId: r.alert_id,
      guard: r.guard_name,
      createdAt: r.created_at,
    };
  });
}

async function filterOf(deps: Deps, actor: Actor, q: z.infer<typeof PassageQuery>): Promise<PassageFilter> {
  const scopePath = await scopeOf(deps, actor, q.unit);
  if (q.checkpoint) {
    const c = await checkpointInScope(deps, actor, q.checkpoint);
    if (!inSubtree(scopePath, c.unit_path)) throw notFound();
  }
  return {
    scopePath,
    checkpointId: q.checkpoint,
    personId: q.person,
    householdId: q.household,
    from: q.from,
    to: q.to,
    direction: q.direction,
    decision: q.decision,
    fever: q.fever === undefined ? undefined : q.fever === '1',
    plate: q.plate?.toUpperCase(),
  };
}

export async function listPassages(
  deps: Deps,
  ctx: ActorCtx,
  q: z.infer<typeof PassageQuery>,
): Promise<Page<PassageDto>> {
  need(ctx.actor, 'checkpoints.read');
  const f = await filterOf(deps, ctx.actor, q);
  const { items, total } = await listRows(deps.db, f, q);
  return { items: await passageDtos(deps, ctx.actor, items), total, page: q.page, pageSize: q.pageSize };
}

/** A person's last 14 days at the gates, wherever the gates are (their movements, for tracing). */
export async function movements(deps: Deps, ctx: ActorCtx, personId: string): Promise<MovementsDto> {
  need(ctx.actor, 'checkpoints.read');
  need(ctx.actor, 'persons.read');
  const [p] = await repo.personsBrief(deps.db, [personId]);
  if (!p || p.anonymized_at || !inSubtree(ctx.actor.unitPath, p.unit_path)) throw notFound();
  const now = deps.clock.now();
  const since = new Date(now.getTime() - MOVEMENT_DAYS * 86_400_000);
  const rows = await movementsOf(deps.db, p.id, p.household_id, since.toISOString());
  const dtos = await passageDtos(deps, ctx.actor, rows);
  return {
    personId: p.id,
    name: p.name,
    from: localTime(deps.config.tzDays, since).day,
    to: localTime(deps.config.tzDays, now).day,
    items: dtos.map((d) => ({ ...d, viaHousehold: d.personId === null })),
  };
}

const EXPORT_LIMIT = 100_000;
const DIRECTION: Record<string, string> = { in: '进', out: '出' };
const SUBJECT: Record<string, string> = {
  pass: '出入证',
  person: '居民',
  visitor: '访客',
  courier: '快递外卖',
};
const DECISION: Record<string, string> = { allow: '放行', deny: '劝返' };

/** Passages as .xlsx, masked, naming the exporter and the time; the export is audited. */
export async function exportPassages(deps: Deps, ctx: ActorCtx, q: z.infer<typeof PassageQuery>) {
  need(ctx.actor, 'checkpoints.read');
  const f = await filterOf(deps, ctx.actor, q);
  const rows = await passagesForExport(deps.db, f, EXPORT_LIMIT);
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'passage.export',
    entityType: 'checkpoint',
    entityId: f.checkpointId,
    unitId: ctx.actor.unitId,
    unitPath: f.scopePath,
    details: { rows: rows.length, filters: Object.keys(q).filter((k) => !['page', 'pageSize'].includes(k)) },
  });
  const dtos = await passageDtos(deps, { ...ctx.actor, role: 'volunteer' }, rows);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = `Shouwang — ${ctx.actor.username}`;
  const ws = wb.addWorksheet('通行记录');
  const fmt = new Intl.DateTimeFormat('zh-CN', {
    timeZone: deps.config.tzDays,
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  ws.addRow(['卡口通行记录']).commit();
  ws.addRow([
    `导出人：${ctx.actor.displayName}（${ctx.actor.username}） 导出时间：${fmt.format(deps.clock.now())} 共 ${dtos.length} 条${dtos.length === EXPORT_LIMIT ? '（已达上限，请缩小范围）' : ''} 姓名、证件号和电话已脱敏`,
  ]).commit();
  const header = ws.addRow([
    '时间',
    '卡口',
    '方向',
    '类型',
    '姓名',
    '住址',
    '电话',
    '证件号',
    '体温',
    '车牌',
    '人数',
    '结果',
    '原因',
    '值守人',
  ]);
  header.font = { bold: true };
  header.commit();
  for (const d of dtos) {
    ws.addRow(
      [
        fmt.format(new Date(d.at)),
        d.checkpointName,
        DIRECTION[d.direction] ?? d.direction,
        SUBJECT[d.subjectType] ?? d.subjectType,
        d.name ?? '',
        d.address ?? d.visitor?.hostAddress ?? '',
        d.visitor?.phone ?? '',
        d.visitor?.idNumber ?? '',
        d.temperature ?? '',
        d.plate ?? '',
        d.occupants ?? '',
        DECISION[d.decision] ?? d.decision,
        d.reasons.join(' '),
        d.guard ?? '',
      ].map((v) => (typeof v === 'string' ? safeCell(v) : v)),
    ).commit();
  }
  ws.commit();
  wb.commit().catch((err: Error) => out.destroy(err));
  return { stream: out, filename: '通行记录.xlsx' };
}
