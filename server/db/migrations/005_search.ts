import { type Kysely, sql } from 'kysely';
import { reindexPersons } from '../../modules/registry/persons.search';
import type { Dialect } from '../index';

/**
 * The resident search index (see server/modules/registry/persons.search.ts), filled for the persons
 * registered already; room names indexed so "1201" finds its rooms without scanning the grid; and
 * persons indexed in the order lists show them.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    // detail=none, columnsize=0: searches only ask which documents hold a word (no phrases, no
    // ranking), so positions and sizes are not kept — a smaller index and faster bulk imports.
    await sql`create virtual table person_search using fts5(
      doc, person_id unindexed, tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0)`.execute(
      db,
    );
    await db.schema.alterTable('persons').addColumn('search_rowid', 'integer').execute();
  } else {
    await db.schema.alterTable('persons').addColumn('search', sql`tsvector`).execute();
  }
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('persons')
      .select('id')
      .where('anonymized_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    // The same indexing every later write does (persons.search.ts), in the migration's transaction.
    await reindexPersons(
      db,
      rows.map((r) => r.id),
    );
    after = rows.at(-1)?.id ?? after;
  }
  if (dialect === 'postgres') {
    await sql`create index persons_search on persons using gin (search)`.execute(db);
  }
  await db.schema.createIndex('units_type_name').on('units').columns(['type', 'name', 'path']).execute();
  // Lists of persons are in address order, then registration order: with both in one index a page
  // is read in order and stops when full, instead of sorting everyone in scope.
  // On SQLite the index also holds what a search filters on, so walking it reads no table row
  // that does not match (registry.repo.ts searchPersons).
  await db.schema.dropIndex('persons_path').execute();
  await db.schema
    .createIndex('persons_path')
    .on('persons')
    .columns(
      dialect === 'sqlite'
        ? ['unit_path', 'created_at', 'anonymized_at', 'search_rowid']
        : ['unit_path', 'created_at'],
    )
    .execute();
}
