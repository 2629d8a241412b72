import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { insertRows } from '../../db/bulk';
import type { Db } from '../../db/index';
import type { Database, PersonSearchTable, PersonsTable } from '../../db/schema';

/**
 * The resident search index. Every way the search box finds a person — a piece of the name, pinyin
 * initials, any 4+ digits of the phone, the last 4–6 characters of the ID number — is turned into
 * a *prefix* match on a word of a small per-person document, which both databases index:
 * SQLite in an FTS5 table (`person_search`), PostgreSQL in a GIN-indexed tsvector (`persons.search`).
 *
 * The document's words (lower case):
 * - every suffix of each word of the name, so "秀" finds 王秀英 through the word 秀英 (contains);
 * - `0i` + pinyin initials (prefix: "wx" finds wxy);
 * - `0p` + every suffix of the phone's digits that is 4+ long (so any 4+ digits are a prefix of one);
 * - `0d` + the ID number reversed (so its last characters are a prefix).
 * Names hold no digits, so the `0` markers never collide with a name's words.
 */
export function searchDocument(
  p: Pick<PersonsTable, 'name' | 'name_initials' | 'phone' | 'id_number'>,
): string {
  const words: string[] = [];
  for (const word of nameWords(p.name)) {
    const chars = [...word].slice(0, 16);
    for (let i = 0; i < chars.length; i++) words.push(chars.slice(i).join(''));
  }
  if (p.name_initials) words.push(`0i${p.name_initials.toLowerCase().replace(/[^a-z]/g, '')}`);
  const digits = (p.phone ?? '').replace(/\D/g, '');
  for (let i = 0; i + 4 <= digits.length; i++) words.push(`0p${digits.slice(i)}`);
  if (p.id_number) words.push(`0d${[...p.id_number.toLowerCase()].reverse().join('')}`);
  return [...new Set(words)].join(' ');
}

function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{M}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * The prefix terms a search text stands for (any may match), or none when it can match nothing
 * through the index (then only the room-number branch of the search applies).
 */
export function searchTerms(text: string): string[] {
  const q = text.trim().toLowerCase();
  const terms: string[] = [];
  // Of several words the first: the caller checks the whole text against the name.
  const name = nameWords(q)[0];
  if (name) terms.push(name);
  if (/^[a-z]+$/.test(q)) terms.push(`0i${q}`);
  if (/^\d{4,11}$/.test(q)) terms.push(`0p${q}`);
  if (/^\d{3,5}[\dx]$/.test(q)) terms.push(`0d${[...q].reverse().join('')}`);
  return terms;
}

/** FTS5 syntax: `"a"* OR "b"*` (terms hold letters and digits only). */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"*`).join(' OR ');
}

/** tsquery syntax: `'a':* | 'b':*`. */
export function tsQuery(terms: readonly string[]): string {
  return terms.map((t) => `'${t}':*`).join(' | ');
}

export function isSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * (Re)indexes persons after they were inserted or their name, initials, phone or ID number
 * changed; anonymised persons leave the index. Runs in the caller's transaction.
 */
export async function reindexPersons(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  const sqlite = isSqlite(db);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('persons')
      .select(['id', 'name', 'name_initials', 'phone', 'id_number', 'anonymized_at'])
      .$if(sqlite, (qb) => qb.select('search_rowid'))
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const doc = r.anonymized_at ? null : searchDocument(r);
      if (!sqlite) {
        await db
          .updateTable('persons')
          .set({ search: doc === null ? null : (sql`${doc}::tsvector` as never) })
          .where('id', '=', r.id)
          .execute();
        continue;
      }
      if (r.search_rowid !== null && r.search_rowid !== undefined)
        await sql`delete from person_search where rowid = ${r.search_rowid}`.execute(db);
      let rowid: number | null = null;
      if (doc !== null) {
        const { insertId } =
          await sql`insert into person_search (doc, person_id) values (${doc}, ${r.id})`.execute(db);
        rowid = Number(insertId);
      }
      await db.updateTable('persons').set({ search_rowid: rowid }).where('id', '=', r.id).execute();
    }
  }
}

/**
 * Inserts new persons with their search documents, in bulk (ledger import, demo): on SQLite the
 * FTS rows get rowids counted on from the highest, so each person row names its own.
 */
export async function insertPersonsIndexed(
  store: Db,
  trx: Kysely<Database>,
  rows: readonly PersonsTable[],
  onChunk?: (done: number) => void | Promise<void>,
): Promise<void> {
  if (store.dialect === 'sqlite') {
    const top = await sql<{ m: number | null }>`select max(rowid) as m from person_search`.execute(trx);
    let next = Number(top.rows[0]?.m ?? 0);
    const docs: PersonSearchTable[] = [];
    const persons = rows.map((r) => {
      const rowid = ++next;
      docs.push({ rowid, doc: searchDocument(r), person_id: r.id });
      return { ...r, search_rowid: rowid };
    });
    await insertRows(store, trx, 'persons', persons, onChunk);
    await insertRows(store, trx, 'person_search', docs);
  } else {
    await insertRows(
      store,
      trx,
      'persons',
      rows.map((r) => ({ ...r, search: searchDocument(r) })),
      onChunk,
    );
  }
}
