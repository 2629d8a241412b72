import type { Kysely } from 'kysely';
import type { AuditEntryDto, AuditQuery } from '../../../domain/audit';
import type { Page } from '../../../domain/common';
import type { Database } from '../../db/schema';
import { type Ctx, inSubtree } from '../../http/context';
import { notFound } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { auditInsert, listAudit } from './audit.repo';

export type AuditEntry = {
  action: string;
  entityType?: string;
  entityId?: string;
  unitId?: string | null;
  unitPath?: string | null;
  /** Field names, counts, statuses: never the personal data itself. */
  details?: Record<string, unknown>;
  /** For events without a signed-in actor (a failed login of a known account). */
  actor?: { id: string; username: string };
};

/** The insert of one audit row, to run in the caller's transaction (or as part of one statement). */
export function auditQuery(clock: Clock, ctx: Ctx, entry: AuditEntry) {
  const actor = entry.actor ?? (ctx.actor ? { id: ctx.actor.id, username: ctx.actor.username } : null);
  return auditInsert({
    id: newId(),
    at: clock.now().toISOString(),
    actor_id: actor?.id ?? null,
    actor_username: actor?.username ?? null,
    action: entry.action,
    entity_type: entry.entityType ?? null,
    entity_id: entry.entityId ?? null,
    unit_id: entry.unitId ?? null,
    unit_path: entry.unitPath ?? null,
    request_id: ctx.requestId,
    ip: ctx.ip,
    details: entry.details ? JSON.stringify(entry.details) : null,
  });
}

/** Writes one audit row, inside the caller's transaction when given one. */
export async function recordAudit(db: Kysely<Database>, clock: Clock, ctx: Ctx, entry: AuditEntry) {
  await auditQuery(clock, ctx, entry).execute(db);
}

export async function searchAudit(
  db: Kysely<Database>,
  ctx: Ctx & { actor: NonNullable<Ctx['actor']> },
  q: AuditQuery,
  unitPathOf: (id: string) => Promise<string | undefined>,
): Promise<Page<AuditEntryDto>> {
  let scope = ctx.actor.unitPath;
  let withUnplaced = scope.split('/').length === 3; // bound at a root: `/id/`
  if (q.unit) {
    const path = await unitPathOf(q.unit);
    if (!path || !inSubtree(ctx.actor.unitPath, path)) throw notFound();
    scope = path;
    withUnplaced = false;
  }
  const { items, total } = await listAudit(db, scope, withUnplaced, q);
  return {
    items: items.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      unitId: r.unit_id,
      unitName: r.unit_name ?? null,
      requestId: r.request_id,
      ip: r.ip,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
