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
 * - `0p` + every 4 consecutive digits of the phone: 4 typed digits are one exact word; more are all
 *   their 4-digit runs together, checked against the phone itself (runs can occur apart). Runs keep
 *   the dictionary at 10,000 words, where every suffix made a million and slowed bulk imports 2×;
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
  for (let i = 0; i + 4 <= digits.length; i++) words.push(`0p${digits.slice(i, i + 4)}`);
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

export type SearchTerms = {
  /** Words any of which, as a prefix, matches. */
  prefixes: string[];
  /** Phone digits: all these words must be present, and `digits` in the phone when longer than 4. */
  phone: { words: string[]; digits: string } | null;
};

/** What a search text stands for in the index; nothing when it can match nothing through it. */
export function searchTerms(text: string): SearchTerms {
  const q = text.trim().toLowerCase();
  const prefixes: string[] = [];
  // Of several words the first: the caller checks the whole text against the name.
  const name = nameWords(q)[0];
  if (name) prefixes.push(name);
  if (/^[a-z]+$/.test(q)) prefixes.push(`0i${q}`);
  if (/^\d{3,5}[\dx]$/.test(q)) prefixes.push(`0d${[...q].reverse().join('')}`);
  let phone: SearchTerms['phone'] = null;
  if (/^\d{4,11}$/.test(q)) {
    const words = new Set<string>();
    for (let i = 0; i + 4 <= q.length; i++) words.add(`0p${q.slice(i, i + 4)}`);
    phone = { words: [...words], digits: q };
  }
  return { prefixes, phone };
}

/** FTS5 syntax: `"a"* OR "b"*`, or `"a" AND "b"` (words hold letters and digits only). */
export function ftsQuery(words: readonly string[], how: 'prefix' | 'all'): string {
  return how === 'prefix'
    ? words.map((t) => `"${t}"*`).join(' OR ')
    : words.map((t) => `"${t}"`).join(' AND ');
}

/** tsquery syntax: `'a':* | 'b':*`, or `'a' & 'b'`. */
export function tsQuery(words: readonly string[], how: 'prefix' | 'all'): string {
  return how === 'prefix' ? words.map((t) => `'${t}':*`).join(' | ') : words.map((t) => `'${t}'`).join(' & ');
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
