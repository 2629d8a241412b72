import type { Kysely } from 'kysely';
import type { Dialect } from '../index';
import { types } from './001_foundation';

/**
 * Key persons and isolation (issue 5). Scope is the person's room path (`unit_path`) as in the
 * registry; health checks carry their local day, shift and "slot" (day number × checks per day +
 * shift), so the worklist and carry-over are index ranges per order. Temperatures in tenths of °C.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema
    .createTable('isolation_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    // `,id,id,`: the communities served; empty = all under unit_id.
    .addColumn('community_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('isolation_sites_path').on('isolation_sites').column('unit_path').execute();

  await db.schema
    .createTable('isolation_site_rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('isolation_sites.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('beds', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('isolation_site_rooms_site')
    .on('isolation_site_rooms')
    .columns(['site_id', 'sort_order'])
    .execute();

  await db.schema
    .createTable('key_persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    // `,accountId,accountId,` so "my persons" is one LIKE on both databases.
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text')
    .addColumn('closed_at', t.instant)
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('key_persons_path')
    .on('key_persons')
    .columns(['unit_path', 'category'])
    .execute();
  await db.schema.createIndex('key_persons_person').on('key_persons').column('person_id').execute();

  await db.schema
    .createTable('isolation_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_person_id', 'text', (c) => c.notNull().references('key_persons.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.references('isolation_sites.id'))
    .addColumn('site_room_id', 'text', (c) => c.references('isolation_site_rooms.id'))
    .addColumn('bed', 'text')
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('planned_end_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('door_sealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text')
    // Checks are expected from the slot it was registered in …
    .addColumn('watch_from', t.instant, (c) => c.notNull())
    .addColumn('first_slot', 'integer', (c) => c.notNull())
    // … through the last slot that ended before the release (null while active).
    .addColumn('ended_at', t.instant)
    .addColumn('ended_on', 'text')
    .addColumn('last_slot', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  // The worklist: orders of a subtree, active or ended on or after a day.
  await db.schema
    .createIndex('isolation_orders_scope')
    .on('isolation_orders')
    .columns(['unit_path', 'status'])
    .execute();
  await db.schema
    .createIndex('isolation_orders_key_person')
    .on('isolation_orders')
    .column('key_person_id')
    .execute();
  await db.schema
    .createIndex('isolation_orders_site')
    .on('isolation_orders')
    .columns(['site_id', 'status'])
    .execute();

  await db.schema
    .createTable('isolation_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('isolation_id', 'text', (c) => c.notNull().references('isolation_orders.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('isolation_events_order')
    .on('isolation_events')
    .columns(['isolation_id', 'at'])
    .execute();

  await db.schema
    .createTable('health_checks')
    // The device's UUID: a resend finds the row it made.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('isolation_id', 'text', (c) => c.notNull().references('isolation_orders.id'))
    .addColumn('at', t.instant, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('shift', 'integer', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('temp_tenths', 'integer', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('escalation', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('checked_by', 'text')
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  // A day of an order is `slot between d*n and d*n+n-1`: one range on this index (day order = slot order).
  await db.schema
    .createIndex('health_checks_order_slot')
    .on('health_checks')
    .columns(['isolation_id', 'slot'])
    .execute();

  await db.schema
    .createTable('follow_up_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('isolation_id', 'text', (c) => c.notNull().references('isolation_orders.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('day_after', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('done_by', 'text')
    .addColumn('done_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('follow_up_tasks_scope')
    .on('follow_up_tasks')
    .columns(['unit_path', 'status', 'due_on'])
    .execute();
  await db.schema.createIndex('follow_up_tasks_order').on('follow_up_tasks').column('isolation_id').execute();

  // Alerts are generic: isolation checks raise them now, checkpoints will later.
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('handled_by', 'text')
    .addColumn('handled_at', t.instant)
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alerts_scope')
    .on('alerts')
    .columns(['unit_path', 'status', 'created_at'])
    .execute();
  await db.schema.createIndex('alerts_source').on('alerts').columns(['source_type', 'source_id']).execute();
}
