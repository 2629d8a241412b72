import { type Kysely, sql, type Updateable } from 'kysely';
import type { UnitListQuery } from '../../../domain/units';
import { contains } from '../../db/like';
import type { Database, UnitStatusEventsTable, UnitsTable } from '../../db/schema';
import { subtreeEnd } from '../../http/context';

export type UnitRow = UnitsTable & { child_count: number };

function withChildCount(db: Kysely<Database>) {
  return db
    .selectFrom('units as n')
    .selectAll('n')
    .select((eb) =>
      eb
        .selectFrom('units as c')
        .whereRef('c.parent_id', '=', 'n.id')
        .where('c.archived_at', 'is', null)
        .select(eb.fn.countAll<number>().as('k'))
        .as('child_count'),
    );
}

export async function findUnit(db: Kysely<Database>, id: string): Promise<UnitRow | undefined> {
  const r = await withChildCount(db).where('n.id', '=', id).executeTakeFirst();
  return r ? { ...r, child_count: Number(r.child_count ?? 0) } : undefined;
}

export function findUnitByCode(db: Kysely<Database>, code: string) {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findChildByName(db: Kysely<Database>, parentId: string, name: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function findRootByName(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('units')
    .selectAll()
    .where('parent_id', 'is', null)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Ancestors of a node from the root down, read from its path in one query. */
export async function findAncestors(db: Kysely<Database>, path: string) {
  const ids = path.split('/').filter(Boolean).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'depth'])
    .where('id', 'in', ids)
    .execute();
  return rows.sort((a, b) => a.depth - b.depth);
}

export async function listUnits(
  db: Kysely<Database>,
  scopePath: string,
  q: UnitListQuery & { includeArchived?: boolean },
) {
  let base = db
    .selectFrom('units as n')
    .where('n.path', '>=', scopePath)
    .where('n.path', '<', subtreeEnd(scopePath));
  // `parent` alone lists children; with `type` or `q` it bounds a search of the whole subtree.
  if (q.parent && !q.type && !q.q) base = base.where('n.parent_id', '=', q.parent);
  if (q.parent && (q.type || q.q)) base = base.where('n.id', '!=', q.parent);
  if (q.type) base = base.where('n.type', '=', q.type);
  if (q.q) base = base.where(contains(sql.ref('n.name'), q.q));
  if (!q.includeArchived) base = base.where('n.archived_at', 'is', null);
  const [rows, total] = await Promise.all([
    base
      .selectAll('n')
      .select((eb) =>
        eb
          .selectFrom('units as c')
          .whereRef('c.parent_id', '=', 'n.id')
          .where('c.archived_at', 'is', null)
          .select(eb.fn.countAll<number>().as('k'))
          .as('child_count'),
      )
      .orderBy('n.depth')
      .orderBy('n.sort_order')
      .orderBy(sql`length(n.name)`)
      .orderBy('n.name')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) })) as UnitRow[],
    total: Number(total.n),
  };
}

/** Live descendants per type, the node itself excluded. */
export async function countDescendantsByType(db: Kysely<Database>, path: string) {
  const rows = await db
    .selectFrom('units')
    .where('path', '>', path)
    .where('path', '<', subtreeEnd(path))
    .where('archived_at', 'is', null)
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

export async function insertUnits(db: Kysely<Database>, rows: UnitsTable[]): Promise<void> {
  // Batches keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('units')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

export async function updateUnit(db: Kysely<Database>, id: string, patch: Updateable<UnitsTable>) {
  await db.updateTable('units').set(patch).where('id', '=', id).execute();
}

/** Rewrites the paths of a subtree after a move: one statement, whatever its size. */
export async function rewriteSubtreePaths(
  db: Kysely<Database>,
  oldPath: string,
  newPath: string,
  depthDelta: number,
  now: string,
) {
  const cut = oldPath.length + 1;
  await db
    .updateTable('units')
    .set({
      path: sql`${newPath} || substr(path, ${cut})`,
      depth: sql`depth + ${depthDelta}`,
      updated_at: now,
    })
    .where('path', '>=', oldPath)
    .where('path', '<', subtreeEnd(oldPath))
    .execute();
}

export async function setSubtreeArchived(
  db: Kysely<Database>,
  path: string,
  archivedAt: string | null,
  previous: string | null,
  now: string,
) {
  let q = db
    .updateTable('units')
    .set({ archived_at: archivedAt, updated_at: now })
    .where('path', '>=', path)
    .where('path', '<', subtreeEnd(path));
  // Archiving touches live nodes only; restoring brings back exactly what that archive took away.
  q = previous === null ? q.where('archived_at', 'is', null) : q.where('archived_at', '=', previous);
  await q.execute();
}

export async function insertStatusEvent(db: Kysely<Database>, row: UnitStatusEventsTable) {
  await db.insertInto('unit_status_events').values(row).execute();
}

export function listStatusEvents(db: Kysely<Database>, unitId: string) {
  return db
    .selectFrom('unit_status_events as e')
    .leftJoin('users as x', 'x.id', 'e.changed_by')
    .select([
      'e.id',
      'e.unit_id',
      'e.from_status',
      'e.to_status',
      'e.reason',
      'x.username as changed_by',
      'e.changed_at',
    ])
    .where('e.unit_id', '=', unitId)
    .orderBy('e.changed_at', 'desc')
    .execute();
}

/** Existing children of many parents at once, for bulk creation that skips what is there. */
export async function childrenOf(db: Kysely<Database>, parentIds: string[]) {
  const out: { id: string; parent_id: string | null; name: string; path: string }[] = [];
  for (let i = 0; i < parentIds.length; i += 500) {
    const chunk = parentIds.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom('units')
        .select(['id', 'parent_id', 'name', 'path'])
        .where('parent_id', 'in', chunk)
        .execute()),
    );
  }
  return out;
}
