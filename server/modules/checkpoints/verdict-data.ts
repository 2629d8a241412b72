import { perDatabase, RefCache } from '../../lib/ref-cache';
import * as repo from './checkpoints.repo';

/**
 * The rows the server's verdict on a gate entry reads, through short-lived caches (see
 * server/lib/ref-cache.ts: any other write through the server forgets them at once). One set of
 * caches per database handle, so two databases in one process never share rows.
 */
type Row<F extends (...a: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];
type Watch = { keyPerson: boolean; isolated: boolean };

function cachesFor() {
  return {
    checkpoints: new RefCache<Row<typeof repo.findCheckpoints>>(),
    units: new RefCache<Row<typeof repo.unitsBrief>>(),
    rules: new RefCache<Row<typeof repo.rulesOf>>(),
    passes: new RefCache<Row<typeof repo.findPasses>>(),
    persons: new RefCache<Row<typeof repo.personsBrief>>(),
    households: new RefCache<Row<typeof repo.householdsBrief>>(),
    watch: new RefCache<Watch>(),
  };
}

const caches = perDatabase(cachesFor);

export const checkpointsById = (db: repo.Db, ids: string[]) =>
  caches(db).checkpoints.rows(
    ids,
    (r) => r.id,
    (m) => repo.findCheckpoints(db, m),
  );

export const unitsById = (db: repo.Db, ids: string[]) =>
  caches(db).units.rows(
    ids,
    (r) => r.id,
    (m) => repo.unitsBrief(db, m),
  );

export const rulesByUnit = (db: repo.Db, unitIds: string[]) =>
  caches(db).rules.rows(
    unitIds,
    (r) => r.unit_id,
    (m) => repo.rulesOf(db, m),
  );

export const passesById = (db: repo.Db, ids: string[]) =>
  caches(db).passes.rows(
    ids,
    (r) => r.id,
    (m) => repo.findPasses(db, m),
  );

export const personsById = (db: repo.Db, ids: string[]) =>
  caches(db).persons.rows(
    ids,
    (r) => r.id,
    (m) => repo.personsBrief(db, m),
  );

export const householdsById = (db: repo.Db, ids: string[]) =>
  caches(db).households.rows(
    ids,
    (r) => r.id,
    (m) => repo.householdsBrief(db, m),
  );

/** Which of these persons are key persons, and which are under an active isolation order. */
export async function watchOfPersons(db: repo.Db, personIds: string[]) {
  const found = await caches(db).watch.many(personIds, async (missing) => {
    const w = await repo.watchOf(db, { personIds: missing });
    return new Map(
      missing.map((id) => [id, { keyPerson: w.keyPersons.has(id), isolated: w.isolated.has(id) }]),
    );
  });
  const keyPersons = new Set<string>();
  const isolated = new Set<string>();
  for (const [id, w] of found) {
    if (w.keyPerson) keyPersons.add(id);
    if (w.isolated) isolated.add(id);
  }
  return { keyPersons, isolated };
}
