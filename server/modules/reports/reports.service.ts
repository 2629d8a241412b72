import type { z } from 'zod';
import { addDays } from '../../../domain/isolation';
import {
  type DailyFigures,
  type DailyReportDto,
  emptyFigures,
  isZeroReport,
  newEvents,
  REPORT_EVENTS,
  type ReportDraftInput,
  type ReportSettingsDto,
  type ReportSettingsInput,
  type ReportSubmitInput,
  type ReportVersionDto,
  type RollupCommunityDto,
  type RollupDto,
  type RollupQuery,
  reportStatus,
  ruleFor,
  sameFigures,
  submitProblem,
  sumFigures,
} from '../../../domain/reports';
import { can } from '../../../domain/roles';
import { isUniqueViolation } from '../../db';
import type { DailyReportsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { AppError, badRequest, conflict } from '../../http/errors';
import { newId } from '../../lib/ids';
import { recordAudit } from '../audit';
import {
  type ActorCtx,
  bucketsFor,
  communityOf,
  type DayContext,
  dayContext,
  keepFigures,
  levelOf,
  liveFigures,
  need,
  parseFigures,
  periodDto,
  rootIdOf,
  scheduleKey,
  scheduleOf,
  storedDays,
  type UnitRow,
  unitRef,
} from './reports.common';
import { compileFigures } from './reports.figures';
import * as repo from './reports.repo';

type VersionRow = DailyReportsTable;

function versionDto(v: VersionRow, names: Map<string, string>): ReportVersionDto {
  return {
    id: v.id,
    version: v.version,
    period: {
      day: v.day,
      cutoffHour: v.cutoff_hour,
      start: v.period_start,
      end: v.period_end,
      deadline: v.deadline,
    },
    figures: parseFigures(v.figures),
    zeroReport: v.zero_report === 1,
    notableEvents: v.notable_events,
    needs: v.needs,
    remarks: v.remarks,
    correctionReason: v.correction_reason,
    late: v.late === 1,
    submittedBy: v.submitted_by ? { id: v.submitted_by, displayName: names.get(v.submitted_by) ?? '' } : null,
    submittedAt: v.submitted_at,
  };
}

/** The community's figures of a day, compiled from the records now (nothing after the cut-off). */
async function compileOne(deps: Deps, community: UnitRow, day: DayContext): Promise<DailyFigures> {
  const buckets = [{ id: community.id, path: community.path, name: community.name }];
  const figures = await compileFigures(deps.db, {
    scopePath: community.path,
    buckets,
    period: day.period,
    asOf: day.asOf,
    timeZone: day.tz,
    registry: 'count',
  });
  return figures.get(community.id) as DailyFigures;
}

async function reportDto(
  deps: Deps,
  ctx: ActorCtx,
  community: UnitRow,
  day: DayContext,
  figures: DailyFigures,
): Promise<DailyReportDto> {
  const [versions, draft] = await Promise.all([
    repo.versionsOf(deps.db, community.id, day.day),
    repo.draftOf(deps.db, community.id, day.day),
  ]);
  const names = await repo.displayNames(deps.db, [
    ...versions.flatMap((v) => (v.submitted_by ? [v.submitted_by] : [])),
    ...(draft?.updated_by ? [draft.updated_by] : []),
  ]);
  const first = versions[0];
  const latest = versions.at(-1);
  return {
    unit: unitRef(community),
    date: day.day,
    timeZone: day.tz,
    period: periodDto(day.period),
    status: reportStatus(day.period, day.now, first ? new Date(first.submitted_at) : null),
    figures,
    compiledAt: day.now.toISOString(),
    zeroReport: isZeroReport(figures),
    newEvents: newEvents(figures),
    draft: draft
      ? {
          notableEvents: draft.notable_events,
          needs: draft.needs,
          remarks: draft.remarks,
          updatedBy: draft.updated_by
            ? { id: draft.updated_by, displayName: names.get(draft.updated_by) ?? '' }
            : null,
          updatedAt: draft.updated_at,
        }
      : null,
    versions: versions.map((v) => versionDto(v, names)),
    canSubmit: day.closed && can(ctx.actor.role, 'reports.submit'),
    changedSinceSubmission: latest ? !sameFigures(parseFigures(latest.figures), figures) : false,
  };
}

/**
 * A community's report of a day: the figures compiled now, the draft of the free-text fields and the
 * submitted versions. Opening a closed day also refreshes its stored figures (late records).
 */
export async function getReport(
  deps: Deps,
  ctx: ActorCtx,
  q: { unit?: string | undefined; date?: string | undefined },
): Promise<DailyReportDto> {
  need(ctx.actor, 'reports.read');
  const community = await communityOf(deps, ctx.actor, q.unit);
  const day = await dayContext(deps, community.path, q.date, 'closed');
  const figures = await compileOne(deps, community, day);
  if (day.closed) {
    const bucket = [{ id: community.id, path: community.path, name: community.name }];
    const stored = await repo.storedFigures(deps.db, [community.id], day.day, day.day);
    const same =
      stored[0] &&
      stored[0].cutoff_hour === day.period.cutoffHour &&
      sameFigures(parseFigures(stored[0].figures), figures);
    if (!same)
      await keepFigures(deps, bucket, day.day, day.period.cutoffHour, new Map([[community.id, figures]]));
  }
  return reportDto(deps, ctx, community, day, figures);
}

const textFields = (v: { notableEvents?: string | null; needs?: string | null; remarks?: string | null }) =>
  Object.entries(v)
    .filter(([k, x]) => x !== undefined && ['notableEvents', 'needs', 'remarks'].includes(k))
    .map(([k]) => k);

/** Saves the free-text fields of a day before submitting (or before a correction). */
export async function saveDraft(
  deps: Deps,
  ctx: ActorCtx,
  unitId: string,
  date: string,
  input: z.infer<typeof ReportDraftInput>,
): Promise<DailyReportDto> {
  need(ctx.actor, 'reports.submit');
  const community = await communityOf(deps, ctx.actor, unitId);
  const day = await dayContext(deps, community.path, date, 'closed');
  const before = await repo.draftOf(deps.db, community.id, day.day);
  const pick = (k: 'notableEvents' | 'needs' | 'remarks', col: 'notable_events' | 'needs' | 'remarks') =>
    input[k] === undefined ? (before?.[col] ?? null) : input[k];
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveDraft(trx, {
      community_id: community.id,
      day: day.day,
      unit_path: community.path,
      notable_events: pick('notableEvents', 'notable_events'),
      needs: pick('needs', 'needs'),
      remarks: pick('remarks', 'remarks'),
      updated_by: ctx.actor.id,
      updated_at: day.now.toISOString(),
    });
    await recordAudit(trx, deps.clock, ctx, {
      action: 'report.draft',
      entityType: 'daily_report',
      entityId: community.id,
      unitId: community.id,
      unitPath: community.path,
      details: { date: day.day, fields: textFields(input) },
    });
  });
  deps.events.publish({
    type: REPORT_EVENTS.draft,
    unitPath: community.path,
    data: { unitId: community.id, date: day.day },
  });
  return reportDto(deps, ctx, community, day, await compileOne(deps, community, day));
}

/**
 * Submits a closed day: the figures are compiled from the records at this moment and frozen with the
 * free-text fields as a new version. A zero report is submitted the same way — nothing is ever
 * submitted on a community's behalf. A second submission is a correction and needs a reason.
 */
export async function submitReport(
  deps: Deps,
  ctx: ActorCtx,
  unitId: string,
  date: string,
  input: ReportSubmitInput,
): Promise<DailyReportDto> {
  need(ctx.actor, 'reports.submit');
  const community = await communityOf(deps, ctx.actor, unitId);
  const day = await dayContext(deps, community.path, date, 'closed');
  const [versions, draft] = await Promise.all([
    repo.versionsOf(deps.db, community.id, day.day),
    repo.draftOf(deps.db, community.id, day.day),
  ]);
  const problem = submitProblem({
    period: day.period,
    now: day.now,
    versions: versions.length,
    correctionReason: input.correctionReason,
  });
  if (problem?.field) throw badRequest(problem.key, problem.field);
  if (problem) throw conflict(problem.key);

  const figures = await compileOne(deps, community, day);
  const latest = versions.at(-1);
  const text = (k: 'notableEvents' | 'needs' | 'remarks', col: 'notable_events' | 'needs' | 'remarks') =>
    input[k] !== undefined ? input[k] : draft ? draft[col] : (latest?.[col] ?? null);
  const first = versions[0];
  const row: VersionRow = {
    id: newId(),
    community_id: community.id,
    unit_path: community.path,
    day: day.day,
    version: versions.length + 1,
    cutoff_hour: day.period.cutoffHour,
    period_start: day.period.start.toISOString(),
    period_end: day.period.end.toISOString(),
    deadline: day.period.deadline.toISOString(),
    figures: JSON.stringify(figures),
    zero_report: isZeroReport(figures) ? 1 : 0,
    notable_events: text('notableEvents', 'notable_events'),
    needs: text('needs', 'needs'),
    remarks: text('remarks', 'remarks'),
    correction_reason: input.correctionReason ?? null,
    // Lateness is the first version's: a correction does not make a report late (or on time).
    late: first ? first.late : day.now > day.period.deadline ? 1 : 0,
    submitted_by: ctx.actor.id,
    submitted_at: day.now.toISOString(),
  };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.insertVersion(trx, row);
      await repo.deleteDraft(trx, community.id, day.day);
      await recordAudit(trx, deps.clock, ctx, {
        action: 'report.submit',
        entityType: 'daily_report',
        entityId: row.id,
        unitId: community.id,
        unitPath: community.path,
        details: {
          date: day.day,
          version: row.version,
          zeroReport: row.zero_report === 1,
          late: row.late === 1,
          correction: row.version > 1,
        },
      });
    });
  } catch (err) {
    // Two submissions of the same version at once: the second one loses.
    if (isUniqueViolation(err)) throw conflict('problem.conflict');
    throw err;
  }
  await keepFigures(
    deps,
    [{ id: community.id, path: community.path, name: community.name }],
    day.day,
    day.period.cutoffHour,
    new Map([[community.id, figures]]),
  );
  deps.events.publish({
    type: REPORT_EVENTS.submitted,
    unitPath: community.path,
    data: {
      unitId: community.id,
      date: day.day,
      version: row.version,
      zeroReport: row.zero_report === 1,
      status: row.late ? 'late' : 'submitted',
    },
  });
  return reportDto(deps, ctx, community, day, figures);
}

// ------------------------------------------------------------------------------ roll-up

/** Figures of each community for a day: compiled live while the day runs, else the stored ones. */
export async function figuresOfDay(deps: Deps, level: UnitRow, communities: UnitRow[], day: DayContext) {
  const buckets = bucketsFor(level, communities);
  if (!day.closed) return liveFigures(deps, level.path, buckets, day);
  return (await storedDays(deps, level.path, buckets, [day.day], day.schedule)).get(day.day) ?? new Map();
}

export async function rollup(deps: Deps, ctx: ActorCtx, q: z.infer<typeof RollupQuery>): Promise<RollupDto> {
  need(ctx.actor, 'reports.read');
  const level = await levelOf(deps, ctx.actor, q.unit);
  const day = await dayContext(deps, level.path, q.date, 'closed');
  return rollupOf(deps, level, day);
}

export async function rollupOf(deps: Deps, level: UnitRow, day: DayContext): Promise<RollupDto> {
  const communities = level.type === 'subdistrict' ? await repo.communitiesIn(deps.db, level.path) : [level];
  const [versions, compiled] = await Promise.all([
    repo.versionsIn(deps.db, level.path, [day.day]),
    figuresOfDay(deps, level, communities, day),
  ]);
  const byCommunity = new Map<string, VersionRow[]>();
  for (const v of versions) byCommunity.set(v.community_id, [...(byCommunity.get(v.community_id) ?? []), v]);
  const names = await repo.displayNames(
    deps.db,
    versions.flatMap((v) => (v.submitted_by ? [v.submitted_by] : [])),
  );
  const rows: RollupCommunityDto[] = communities.map((c) => {
    const list = byCommunity.get(c.id) ?? [];
    const first = list[0];
    const latest = list.at(-1);
    const used = latest ? parseFigures(latest.figures) : (compiled.get(c.id) ?? emptyFigures(true));
    return {
      unit: unitRef(c),
      status: reportStatus(day.period, day.now, first ? new Date(first.submitted_at) : null),
      version: latest?.version ?? null,
      zeroReport: latest ? latest.zero_report === 1 : isZeroReport(used),
      submittedAt: latest?.submitted_at ?? null,
      submittedBy: latest?.submitted_by ? (names.get(latest.submitted_by) ?? null) : null,
      figures: used,
      figuresFrom: latest ? 'submitted' : 'compiled',
      notableEvents: latest?.notable_events ?? null,
      needs: latest?.needs ?? null,
    };
  });
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    unit: unitRef(level),
    date: day.day,
    timeZone: day.tz,
    period: periodDto(day.period),
    complete: rows.every((r) => r.status === 'submitted' || r.status === 'late'),
    counts: {
      communities: rows.length,
      submitted: count('submitted'),
      late: count('late'),
      missing: count('missing'),
      due: count('due'),
      open: count('open'),
      zeroReports: rows.filter((r) => r.version !== null && r.zeroReport).length,
    },
    communities: rows,
    total: sumFigures(rows.map((r) => r.figures)),
    compiledAt: day.now.toISOString(),
  };
}

// ------------------------------------------------------------------------------ settings

/** The sub-district's rules, shown on the account's own node (nothing above it is disclosed). */
async function settingsDto(deps: Deps, ctx: ActorCtx): Promise<ReportSettingsDto> {
  const rootId = rootIdOf(ctx.actor.unitPath);
  const schedule = await scheduleOf(deps, rootId);
  const day = await dayContext(deps, ctx.actor.unitPath, undefined, 'current');
  const rule = ruleFor(schedule, addDays(day.current, 1));
  return {
    unit: { id: ctx.actor.unitId, name: ctx.actor.unitName, type: ctx.actor.unitType },
    timeZone: deps.config.tzDays,
    cutoffHour: rule.cutoffHour,
    graceMinutes: rule.graceMinutes,
    from: addDays(day.current, 1),
    history: [...schedule],
  };
}

export async function getSettings(deps: Deps, ctx: ActorCtx): Promise<ReportSettingsDto> {
  need(ctx.actor, 'reports.read');
  return settingsDto(deps, ctx);
}

/**
 * Sets the sub-district's cut-off and deadline. It applies from the next report day: the day running
 * now keeps its period, and closed days keep theirs.
 */
export async function saveSettings(
  deps: Deps,
  ctx: ActorCtx,
  input: z.infer<typeof ReportSettingsInput>,
): Promise<ReportSettingsDto> {
  need(ctx.actor, 'reports.submit');
  if (ctx.actor.unitType !== 'subdistrict') throw new AppError(403, 'report.settingsAtRoot');
  const root = await repo.unitById(deps.db, ctx.actor.unitId);
  if (!root) throw new AppError(404, 'problem.notFound');
  const schedule = await scheduleOf(deps, root.id);
  const day = await dayContext(deps, root.path, undefined, 'current');
  const from = addDays(day.current, 1);
  const next = [...schedule.filter((r) => r.from < from), { from, ...input }];
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveSetting(trx, scheduleKey(root.id), JSON.stringify(next));
    await recordAudit(trx, deps.clock, ctx, {
      action: 'report.settings',
      entityType: 'unit',
      entityId: root.id,
      unitId: root.id,
      unitPath: root.path,
      details: { ...input, from },
    });
  });
  return settingsDto(deps, ctx);
}
