import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';
import { types } from './001_foundation';

/**
 * Resident self-report (issue 5 §3): secret links per isolation order, kept only as a SHA-256 of the
 * token, and staff confirmation of checks. A check made by staff is confirmed by its maker when made;
 * a self-report waits with `confirmed_at` null until someone confirms it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema.alterTable('health_checks').addColumn('confirmed_by', 'text').execute();
  await db.schema.alterTable('health_checks').addColumn('confirmed_at', t.instant).execute();
  await sql`update health_checks set confirmed_by = checked_by, confirmed_at = created_at
    where method <> 'self_report'`.execute(db);

  await db.schema
    .createTable('self_report_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('isolation_id', 'text', (c) => c.notNull().references('isolation_orders.id'))
    // hex SHA-256 of the token: a copy of the database does not hand out working links.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .execute();
  await db.schema
    .createIndex('self_report_links_order')
    .on('self_report_links')
    .columns(['isolation_id', 'revoked_at'])
    .execute();
}
