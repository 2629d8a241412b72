import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';

/**
 * Hourly passage counts in a few rows per gate and hour on PostgreSQL (bench/passages.bench.ts).
 * Every entry of a gate in one hour updated the same row, and concurrent transactions queued on its
 * lock until each committed: most connections sat waiting. A write now adds to one of eight shard
 * rows, chosen at random; readers sum them. SQLite has one writer at a time and keeps one row per
 * hour (shard 0): its primary key stays as it was.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('passage_hourly')
    .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'postgres') {
    await sql`alter table passage_hourly drop constraint passage_hourly_pk`.execute(db);
    await sql`alter table passage_hourly add constraint passage_hourly_pk
      primary key (checkpoint_id, day, hour, shard)`.execute(db);
  }
}
