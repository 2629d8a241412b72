import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  type CheckpointDto,
  type CheckpointSyncDto,
  type PassClaims,
  quotaWindow,
  type SyncHousehold,
  type SyncPerson,
  type SyncQuery,
} from '../../../domain/checkpoints';
import { decodePassToken, maskName } from '../../../domain/passes';
import { Relation } from '../../../domain/registry';
import type { Deps } from '../../deps';
import { type ActorCtx, addresses, need, rootPath, today } from './checkpoints.common';
import * as repo from './checkpoints.repo';
import { checkpointDtos, checkpointInScope } from './checkpoints.service';
import { quotaUsage } from './passages.repo';
import { publicKeys } from './passes.keys';

/** How far the next sync's `since` reaches back, so a revocation committed during this one is not missed. */
const OVERLAP_MS = 2 * 60_000;

/** Residents and households of a compound, as a gate needs them: masked, with their passes. */
async function gatePersons(deps: Deps, compoundPath: string, day: string) {
  const [residents, households, passes, watch] = await Promise.all([
    repo.residentsIn(deps.db, compoundPath),
    repo.householdsIn(deps.db, compoundPath),
    repo.currentPassesIn(deps.db, compoundPath, day),
    repo.watchOf(deps.db, { scopePath: compoundPath }),
  ]);
  const address = await addresses(
    deps.db,
    households.map((h) => h.unit_path),
    ['building', 'entrance', 'household'],
  );
  const householdOfPerson = new Map(residents.map((p) => [p.id, p.household_id]));
  const passesOf = new Map<string, PassClaims[]>();
  for (const p of passes) {
    const h = p.household_id ?? (p.person_id ? householdOfPerson.get(p.person_id) : undefined);
    const claims = decodePassToken(p.token)?.claims;
    if (h && claims) passesOf.set(h, [...(passesOf.get(h) ?? []), claims]);
  }
  const householdItems: SyncHousehold[] = households.map((h) => ({
    id: h.id,
    address: address(h.unit_path),
    passIds: (passesOf.get(h.id) ?? []).map((c) => c.id),
    passes: passesOf.get(h.id) ?? [],
  }));
  const items: SyncPerson[] = residents.map((p) => ({
    id: p.id,
    householdId: p.household_id,
    name: maskName(p.name),
    idTail: p.id_tail ? p.id_tail.slice(-4) : null,
    birthYear: p.birth_date ? Number(p.birth_date.slice(0, 4)) : null,
    relation: Relation.safeParse(p.relation).data ?? null,
    keyPerson: watch.keyPersons.has(p.id),
    isolated: watch.isolated.has(p.id),
  }));
  const version = createHash('sha256')
    .update(JSON.stringify([householdItems, items]))
    .digest('base64url')
    .slice(0, 22);
  return { version, households: householdItems, items };
}

/**
 * What a gate device needs to decide offline: the checkpoint with its compound's status and rules,
 * the public keys, revocations, the quota window's outings, and the compound's residents (left out
 * when the device's copy is current).
 */
export async function syncCheckpoint(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  q: z.infer<typeof SyncQuery>,
): Promise<CheckpointSyncDto> {
  need(ctx.actor, 'passages.write');
  const c = await checkpointInScope(deps, ctx.actor, id);
  const now = deps.clock.now();
  const day = today(deps);
  const [checkpoint] = (await checkpointDtos(deps, [c])) as [CheckpointDto];
  const quota = checkpoint.rules.quota;
  const from = quota ? quotaWindow(quota, day).from : day;
  const [keys, revoked, usage, persons] = await Promise.all([
    publicKeys(deps.db),
    repo.revocations(
      deps.db,
      rootPath(c.unit_path),
      day,
      q.since ? new Date(q.since).toISOString() : undefined,
    ),
    c.compound_id && quota ? quotaUsage(deps.db, c.compound_id, from) : Promise.resolve([]),
    c.compound_id ? gatePersons(deps, c.unit_path, day) : Promise.resolve(null),
  ]);
  return {
    serverTime: now.toISOString(),
    cursor: new Date(now.getTime() - OVERLAP_MS).toISOString(),
    timeZone: deps.config.tzDays,
    checkpoint,
    keys,
    revocations: revoked.map((r) => ({ passId: r.id, revokedAt: r.revoked_at as string })),
    quota: { from, usage },
    persons: persons && persons.version !== q.persons ? persons : null,
  };
}
