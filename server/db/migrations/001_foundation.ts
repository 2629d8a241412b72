import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';

/** Column types that differ between the two databases. */
export function types(dialect: Dialect) {
  return {
    instant: dialect === 'postgres' ? ('timestamptz' as const) : ('text' as const),
    // Paths compare byte-wise so a subtree is one index range on both databases.
    path: dialect === 'postgres' ? sql`text collate "C"` : sql`text`,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('units.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('floor', 'integer')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unmanaged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('village_to_community', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text')
    .addColumn('path', t.path, (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('archived_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('units_path').on('units').column('path').unique().execute();
  await db.schema
    .createIndex('units_parent_name')
    .on('units')
    .columns(['parent_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('units_code')
    .on('units')
    .column('code')
    .unique()
    .where(sql.ref('code'), 'is not', null)
    .execute();
  await db.schema.createIndex('units_type_path').on('units').columns(['type', 'path']).execute();

  await db.schema
    .createTable('unit_status_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('unit_status_events_unit')
    .on('unit_status_events')
    .columns(['unit_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', t.instant)
    .addColumn('last_login_at', t.instant)
    .addColumn('password_changed_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_unit').on('users').column('unit_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('unit_path', t.path)
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_unit_path').on('audit_log').columns(['unit_path', 'at']).execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'at']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();

  // The audit log is append-only in the database itself, not only by convention in the code.
  if (dialect === 'postgres') {
    await sql`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  }
}
