import { type Kysely, sql } from 'kysely';
import { searchDocument } from '../../modules/registry/persons.search';
import type { Dialect } from '../index';

/**
 * The resident search index (see server/modules/registry/persons.search.ts), filled for the persons
 * registered already; and room names indexed so "1201" finds its rooms without scanning the grid.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create virtual table person_search using fts5(
      doc, person_id unindexed, tokenize = 'unicode61 remove_diacritics 0')`.execute(db);
    await db.schema.alterTable('persons').addColumn('search_rowid', 'integer').execute();
  } else {
    await db.schema.alterTable('persons').addColumn('search', sql`tsvector`).execute();
  }
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('persons')
      .select(['id', 'name', 'name_initials', 'phone', 'id_number'])
      .where('anonymized_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const doc = searchDocument(r);
      if (dialect === 'sqlite') {
        const { insertId } =
          await sql`insert into person_search (doc, person_id) values (${doc}, ${r.id})`.execute(db);
        await db
          .updateTable('persons')
          .set({ search_rowid: Number(insertId) })
          .where('id', '=', r.id)
          .execute();
      } else {
        await db
          .updateTable('persons')
          .set({ search: sql`${doc}::tsvector` })
          .where('id', '=', r.id)
          .execute();
      }
    }
    after = rows.at(-1)?.id ?? after;
  }
  if (dialect === 'postgres') {
    await sql`create index persons_search on persons using gin (search)`.execute(db);
  }
  await db.schema.createIndex('units_type_name').on('units').columns(['type', 'name', 'path']).execute();
}
