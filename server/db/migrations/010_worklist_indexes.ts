import type { Kysely } from 'kysely';

/**
 * Indexes the daily worklist reads whole (bench/worklist.bench.ts): a subtree's orders on a day are
 * found in the index alone (the scope index made a table lookup for every order the subtree ever
 * had, ended or not), and a day's checks of those orders are read from the index without touching
 * the table.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('isolation_orders_day')
    .on('isolation_orders')
    .columns(['unit_path', 'ended_on', 'start_on', 'id'])
    .execute();
  await db.schema.dropIndex('health_checks_order_slot').execute();
  await db.schema
    .createIndex('health_checks_order_slot')
    .on('health_checks')
    .columns(['isolation_id', 'slot', 'shift', 'temp_tenths', 'at', 'id'])
    .execute();
}
