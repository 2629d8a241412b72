import { type Expression, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import type { PersonSearch } from '../../../domain/registry';
import { contains } from '../../db/like';
import type { Database, HouseholdsTable, PersonMovesTable, PersonsTable } from '../../db/schema';
import { subtreeEnd } from '../../http/context';
import { ftsQuery, isSqlite, reindexPersons, searchTerms, tsQuery } from './persons.search';

export async function insertHousehold(db: Kysely<Database>, row: HouseholdsTable) {
  await db.insertInto('households').values(row).execute();
}

export async function insertPersons(db: Kysely<Database>, rows: PersonsTable[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('persons')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  await reindexPersons(
    db,
    rows.map((r) => r.id),
  );
}

export function findHousehold(db: Kysely<Database>, id: string) {
  return db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPerson(db: Kysely<Database>, id: string) {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

export function personsOfHousehold(db: Kysely<Database>, householdId: string) {
  return db
    .selectFrom('persons')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('anonymized_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export function findPersonByIdNumber(db: Kysely<Database>, idType: string, idNumber: string) {
  return db
    .selectFrom('persons')
    .select(['id', 'unit_path'])
    .where('id_type', '=', idType)
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
}

export async function updatePerson(db: Kysely<Database>, id: string, patch: Updateable<PersonsTable>) {
  await db.updateTable('persons').set(patch).where('id', '=', id).execute();
  if (SEARCHED.some((k) => k in patch)) await reindexPersons(db, [id]);
}

/** Columns the search index is made of (persons.search.ts). */
const SEARCHED = ['name', 'name_initials', 'phone', 'id_number', 'anonymized_at'] as const;

export async function insertMove(db: Kysely<Database>, row: PersonMovesTable) {
  await db.insertInto('person_moves').values(row).execute();
}

export function movesOf(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('person_moves')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('moved_at')
    .execute();
}

/** Names of the grid nodes on the given paths, to write addresses without a query per row. */
export async function nodeNames(db: Kysely<Database>, ids: string[]) {
  const out = new Map<string, { name: string; type: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('units')
      .select(['id', 'name', 'type'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { name: r.name, type: r.type });
  }
  return out;
}

/**
 * Persons in a subtree matching the search: a name fragment, pinyin initials, 4+ digits of a phone,
 * the last 4–6 characters of an ID number, or a room number.
 */
/** Above this many candidates a search walks the scope instead of fetching candidates one by one. */
const DENSE = 2000;
const TOTAL_CAP = 5000;

export async function searchPersons(db: Kysely<Database>, scopePath: string, q: PersonSearch) {
  let dense = false;
  let base = db
    .selectFrom('persons as p')
    .where('p.unit_path', '>=', scopePath)
    .where('p.unit_path', '<', subtreeEnd(scopePath))
    .where('p.anonymized_at', 'is', null);
  if (q.q) {
    const text = q.q.trim();
    const terms = searchTerms(text);
    const room = /^\d{3,4}$/.test(text) ? text : null;
    const sqlite = isSqlite(db);
    // Candidates come from the search index (and the room-name index), never from a scan of the
    // persons in scope: one subquery per branch, united, then looked up by primary key.
    const branches: Expression<unknown>[] = [];
    if (terms.length > 0) {
      branches.push(
        sqlite
          ? sql`select person_id from person_search where person_search match ${ftsQuery(terms)}`
          : sql`select id from persons where search @@ ${tsQuery(terms)}::tsquery`,
      );
    }
    if (room) {
      // Raw like the index branch: a compound select may not parenthesise its parts on SQLite.
      branches.push(sql`select rp.id from units r join persons rp on rp.unit_path = r.path
        where r.type = 'household' and r.name = ${room}
        and r.path >= ${scopePath} and r.path < ${subtreeEnd(scopePath)}`);
    }
    if (branches.length === 0) return { items: [], total: 0 };
    const candidates = sql`${sql.join(branches, sql` union `)}`;
    // Few candidates: fetch them by primary key. Many (a common surname, "101"): walk the scope in
    // address order and keep the matches, which stops as soon as a page is full. SQLite is told so
    // (`+p.id` keeps it off the primary key); PostgreSQL's planner weighs both itself.
    const { rows } = await sql<{ n: number }>`select count(*) as n from (
      select 1 from (${candidates}) c limit ${DENSE + 1}) d`.execute(db);
    dense = Number(rows[0]?.n ?? 0) > DENSE;
    base = base.where(
      dense && sqlite ? sql<SqlBool>`+p.id in (${candidates})` : sql<SqlBool>`p.id in (${candidates})`,
    );
    // Several words ("Mary Ann"): the index found the first; the whole text must be in the name.
    if (/\s/.test(text)) base = base.where(contains(sql.ref('p.name'), text));
  }
  if (q.flag) base = base.where(contains(sql.ref('p.care_flags'), `,${q.flag},`));
  if (q.travelFrom) base = base.where(contains(sql.ref('p.travel_from'), q.travelFrom));
  if (q.returnedFrom) base = base.where('p.returned_on', '>=', q.returnedFrom);
  if (q.returnedTo) base = base.where('p.returned_on', '<=', q.returnedTo);
  // A dense search is counted up to TOTAL_CAP: "5000+" says enough, and costs no full count.
  const counted = dense
    ? db
        .selectFrom(
          base
            .select(sql`1`.as('one'))
            .limit(TOTAL_CAP + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
    : base.select((eb) => eb.fn.countAll<number>().as('n'));
  const [items, total] = await Promise.all([
    base
      .selectAll('p')
      .orderBy('p.unit_path')
      .orderBy('p.created_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    counted.executeTakeFirstOrThrow(),
  ]);
  const n = Number(total.n);
  return n > TOTAL_CAP ? { items, total: TOTAL_CAP, totalCapped: true } : { items, total: n };
}
