import type { Kysely } from 'kysely';
import type { Dialect } from '../index';
import { types } from './001_foundation';

/**
 * Checkpoints, passes and passages (issue 4). A checkpoint carries the path of the node it belongs to
 * (a compound's gate, or a community's or the sub-district's road checkpoint), and every passage the
 * checkpoint's path, so scope is the usual range predicate. Passages are keyed by the device's UUID;
 * `passage_hourly` holds counts per checkpoint, local day and hour, kept in the same transaction as
 * the passages so dashboards never scan the log. Temperatures in tenths of °C.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema
    .createTable('checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    // The compound (or village) whose status and rules a gate follows; null for road checkpoints.
    .addColumn('compound_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lanes', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('archived_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkpoints_path').on('checkpoints').columns(['unit_path', 'name']).execute();
  await db.schema
    .createIndex('checkpoints_unit_name')
    .on('checkpoints')
    .columns(['unit_id', 'name'])
    .unique()
    .execute();

  // Rules of a compound's gates (quota, visitors, fever threshold); no row = the defaults.
  await db.schema
    .createTable('gate_rules')
    .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('quota_outings', 'integer')
    .addColumn('quota_days', 'integer')
    .addColumn('quota_per', 'text')
    .addColumn('visitors_allowed', 'integer', (c) => c.notNull())
    .addColumn('fever_tenths', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();

  // Ed25519 keys passes are signed with; the id travels in every token so keys can be rotated.
  await db.schema
    .createTable('pass_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('retired_at', t.instant)
    .execute();

  await db.schema
    .createTable('passes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('holder_name', 'text')
    .addColumn('holder_phone', 'text')
    .addColumn('employer', 'text')
    // `,id,id,`: where the pass is valid.
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    // The holder's room, or the first unit for an outside worker: the pass's scope.
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('exception', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('key_id', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('link_secret', 'text', (c) => c.notNull().unique())
    .addColumn('issued_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('revoked_at', t.instant)
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('passes_scope').on('passes').columns(['unit_path', 'created_at']).execute();
  await db.schema.createIndex('passes_household').on('passes').column('household_id').execute();
  await db.schema.createIndex('passes_person').on('passes').column('person_id').execute();
  await db.schema.createIndex('passes_revoked').on('passes').column('revoked_at').execute();

  await db.schema
    .createTable('passages')
    // The device's UUID: a resend finds the row it made.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('compound_id', 'text')
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('lane', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('pass_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('household_id', 'text')
    .addColumn('visitor_name', 'text')
    .addColumn('visitor_phone', 'text')
    .addColumn('visitor_id_number', 'text')
    .addColumn('visitor_purpose', 'text')
    .addColumn('visitor_company', 'text')
    .addColumn('host_household_id', 'text')
    .addColumn('temp_tenths', 'integer')
    .addColumn('fever', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('plate', 'text')
    .addColumn('occupants', 'integer')
    .addColumn('note', 'text')
    // What happened at the gate (the device's verdict, else the server's) …
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    // … and the server's own verdict, from its data when the entry arrived.
    .addColumn('server_decision', 'text', (c) => c.notNull())
    .addColumn('server_reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_decision', 'text')
    .addColumn('device_reasons', 'text')
    .addColumn('mismatch', 'integer', (c) => c.notNull().defaultTo(0))
    // The household (or person) an allowed outing counts against under the quota.
    .addColumn('quota_key', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('guard_id', 'text')
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('passages_checkpoint_at')
    .on('passages')
    .columns(['checkpoint_id', 'at'])
    .execute();
  await db.schema.createIndex('passages_scope_at').on('passages').columns(['unit_path', 'at']).execute();
  await db.schema.createIndex('passages_person_at').on('passages').columns(['person_id', 'at']).execute();
  await db.schema
    .createIndex('passages_household_at')
    .on('passages')
    .columns(['household_id', 'at'])
    .execute();
  await db.schema
    .createIndex('passages_quota')
    .on('passages')
    .columns(['compound_id', 'day', 'quota_key'])
    .execute();

  await db.schema
    .createTable('passage_hourly')
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('entries_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entries_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fevers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('denied', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('passage_hourly_pk', ['checkpoint_id', 'day', 'hour'])
    .execute();
  await db.schema
    .createIndex('passage_hourly_scope')
    .on('passage_hourly')
    .columns(['unit_path', 'day'])
    .execute();
}
