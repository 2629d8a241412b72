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

/** Above this many candidates a search walks the scope instead of fetching candidates one by one. */
const DENSE = 2000;
/** A search matching more than this many says "1000+" rather than counting on. */
const TOTAL_CAP = 1000;

/**
 * Persons in a subtree matching the search: a name fragment, pinyin initials, 4+ digits of a phone,
 * the last 4–6 characters of an ID number, or a room number.
 *
 * Candidates come from the search index (and the room-name index), never from a scan of the persons
 * in scope. Few candidates are fetched by primary key. Many (a surname alone, "101" across a
 * sub-district): on SQLite the page and the count walk the scope's index in address order (it holds
 * each person's search_rowid) keeping the candidates, so the page stops once full and the count at
 * TOTAL_CAP; PostgreSQL's planner chooses between both ways itself.
 */
export async function searchPersons(db: Kysely<Database>, scopePath: string, q: PersonSearch) {
  const inScope = db
    .selectFrom('persons as p')
    .where('p.unit_path', '>=', scopePath)
    .where('p.unit_path', '<', subtreeEnd(scopePath))
    .where('p.anonymized_at', 'is', null);
  let page = inScope;
  let count = inScope;
  let dense = false;
  if (q.q) {
    const text = q.q.trim();
    const terms = searchTerms(text);
    const room = /^\d{3,4}$/.test(text) ? text : null;
    const sqlite = isSqlite(db);
    // Each branch names persons by id; on SQLite also by search_rowid, for walking the scope.
    const ids: Expression<unknown>[] = [];
    const rowids: Expression<unknown>[] = [];
    if (terms.prefixes.length > 0) {
      if (sqlite) {
        const match = ftsQuery(terms.prefixes, 'prefix');
        ids.push(sql`select person_id from person_search where person_search match ${match}`);
        rowids.push(sql`select rowid from person_search where person_search match ${match}`);
      } else {
        ids.push(sql`select id from persons where search @@ ${tsQuery(terms.prefixes, 'prefix')}::tsquery`);
      }
    }
    if (terms.phone) {
      // Four digits are one word of the index; more must also be in the phone as typed.
      const { words, digits } = terms.phone;
      const exact = digits.length === 4;
      if (sqlite) {
        const match = ftsQuery(words, 'all');
        const verify = exact ? sql`` : sql`and pp.phone like ${`%${digits}%`}`;
        const from = sql`from person_search s join persons pp on pp.id = s.person_id
          where person_search match ${match} ${verify}`;
        ids.push(sql`select s.person_id ${from}`);
        rowids.push(sql`select s.rowid ${from}`);
      } else {
        const verify = exact ? sql`` : sql`and phone like ${`%${digits}%`}`;
        ids.push(sql`select id from persons where search @@ ${tsQuery(words, 'all')}::tsquery ${verify}`);
      }
    }
    if (room) {
      // Raw like the index branch: a compound select may not parenthesise its parts on SQLite.
      const rooms = sql`from units r join persons rp on rp.unit_path = r.path
        where r.type = 'household' and r.name = ${room}
        and r.path >= ${scopePath} and r.path < ${subtreeEnd(scopePath)}`;
      ids.push(sql`select rp.id ${rooms}`);
      rowids.push(sql`select rp.search_rowid ${rooms}`);
    }
    if (ids.length === 0) return { items: [], total: 0 };
    const candidates = sql`${sql.join(ids, sql` union `)}`;
    if (room && ids.length === 1) {
      // A room number alone ("402" is no phone or ID fragment): walk that room's persons in address
      // order straight from the room-name index, without first listing every candidate.
      const paths = sql<SqlBool>`p.unit_path in (select r.path from units r
        where r.type = 'household' and r.name = ${room}
        and r.path >= ${scopePath} and r.path < ${subtreeEnd(scopePath)})`;
      page = page.where(paths);
      count = count.where(paths);
      dense = true;
    } else {
      const { rows } = await sql<{ n: number }>`select count(*) as n from (
        select 1 from (${candidates}) c limit ${DENSE + 1}) d`.execute(db);
      dense = Number(rows[0]?.n ?? 0) > DENSE;
      if (dense && sqlite) {
        // Walk the scope's index (which holds search_rowid) and keep the candidates: no row is read
        // before it is known to match, and the candidates come straight from the index's doclists.
        const walk = sql<SqlBool>`p.search_rowid in (${sql.join(rowids, sql` union `)})`;
        page = page.where(walk);
        count = count.where(walk);
      } else {
        page = page.where(sql<SqlBool>`p.id in (${candidates})`);
        count = count.where(sql<SqlBool>`p.id in (${candidates})`);
      }
    }
    // Several words ("Mary Ann"): the index found the first; the whole text must be in the name.
    if (/\s/.test(text)) {
      page = page.where(contains(sql.ref('p.name'), text));
      count = count.where(contains(sql.ref('p.name'), text));
    }
  }
  const filters = <T extends typeof inScope>(qb: T) => {
    let out = qb;
    if (q.flag) out = out.where(contains(sql.ref('p.care_flags'), `,${q.flag},`)) as T;
    if (q.travelFrom) out = out.where(contains(sql.ref('p.travel_from'), q.travelFrom)) as T;
    if (q.returnedFrom) out = out.where('p.returned_on', '>=', q.returnedFrom) as T;
    if (q.returnedTo) out = out.where('p.returned_on', '<=', q.returnedTo) as T;
    return out;
  };
  page = filters(page);
  count = filters(count);
  const counted = dense
    ? db
        .selectFrom(
          count
            .select(sql`1`.as('one'))
            .limit(TOTAL_CAP + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
    : count.select((eb) => eb.fn.countAll<number>().as('n'));
  const [items, total] = await Promise.all([
    page
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
