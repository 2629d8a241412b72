import { type Expression, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import type { PersonSearch } from '../../../domain/registry';
import { contains } from '../../db/like';
import type { Database, HouseholdsTable, PersonMovesTable, PersonsTable } from '../../db/schema';
import { subtreeEnd } from '../../http/context';

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
}

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
export async function searchPersons(db: Kysely<Database>, scopePath: string, q: PersonSearch) {
  let base = db
    .selectFrom('persons as p')
    .where('p.unit_path', '>=', scopePath)
    .where('p.unit_path', '<', subtreeEnd(scopePath))
    .where('p.anonymized_at', 'is', null);
  if (q.q) {
    const text = q.q;
    base = base.where((eb) => {
      const ors: Expression<SqlBool>[] = [contains(sql.ref('p.name'), text)];
      if (/^[a-z]+$/i.test(text)) ors.push(sql<boolean>`p.name_initials like ${`${text.toLowerCase()}%`}`);
      if (/^\d{4,11}$/.test(text)) ors.push(contains(sql.ref('p.phone'), text));
      if (/^\d{3,5}[\dxX]$/.test(text)) ors.push(sql<boolean>`p.id_tail like ${`%${text.toUpperCase()}`}`);
      if (/^\d{3,4}$/.test(text)) {
        ors.push(
          eb.exists(
            eb
              .selectFrom('households as h')
              .innerJoin('units as r', 'r.id', 'h.room_id')
              .whereRef('h.id', '=', 'p.household_id')
              .where('r.name', '=', text)
              .select('h.id'),
          ),
        );
      }
      return eb.or(ors);
    });
  }
  if (q.flag) base = base.where(contains(sql.ref('p.care_flags'), `,${q.flag},`));
  if (q.travelFrom) base = base.where(contains(sql.ref('p.travel_from'), q.travelFrom));
  if (q.returnedFrom) base = base.where('p.returned_on', '>=', q.returnedFrom);
  if (q.returnedTo) base = base.where('p.returned_on', '<=', q.returnedTo);
  const [items, total] = await Promise.all([
    base
      .selectAll('p')
      .orderBy('p.unit_path')
      .orderBy('p.created_at')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
