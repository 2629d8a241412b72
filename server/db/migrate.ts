import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db, Dialect } from './index';
import * as m001 from './migrations/001_foundation';
import * as m002 from './migrations/002_registry';
import * as m003 from './migrations/003_imports';
import * as m004 from './migrations/004_registrations';
import * as m005 from './migrations/005_search';
import * as m006 from './migrations/006_isolation';
import * as m007 from './migrations/007_checkpoints';
import * as m008 from './migrations/008_reports';
import * as m009 from './migrations/009_isolation_selfreport';
import * as m010 from './migrations/010_worklist_indexes';
import * as m011 from './migrations/011_passage_hourly_shards';
import * as m012 from './migrations/012_passage_partial_indexes';

/** Numbered migrations, in order. Each runs on SQLite and PostgreSQL alike. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
const MIGRATIONS: Record<string, { up(db: Kysely<any>, dialect: Dialect): Promise<void> }> = {
  '001_foundation': m001,
  '002_registry': m002,
  '003_imports': m003,
  '004_registrations': m004,
  '005_search': m005,
  '006_isolation': m006,
  '007_checkpoints': m007,
  '008_reports': m008,
  '009_isolation_selfreport': m009,
  '010_worklist_indexes': m010,
  '011_passage_hourly_shards': m011,
  '012_passage_partial_indexes': m012,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db) => m.up(db, this.dialect) }]),
    );
  }
}

export async function migrateToLatest(store: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: new InCodeProvider(store.dialect),
    // Modules are built side by side and their migrations touch different tables: one that lands
    // after a higher-numbered one still runs, instead of stopping every start.
    allowUnorderedMigrations: true,
    // Without it Kysely looks for its bookkeeping tables in any schema and may find another's.
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  const failed = results?.find((r) => r.status === 'Error');
  if (failed) throw new Error(`migration ${failed.migrationName} failed`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
