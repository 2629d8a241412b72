import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';
import { types } from './001_foundation';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('households_room').on('households').column('room_id').execute();
  await db.schema.createIndex('households_path').on('households').column('unit_path').execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    // The last six characters, for "search by the last 4–6 digits" without scanning full numbers.
    .addColumn('id_tail', 'text')
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('phone', 'text')
    .addColumn('relation', 'text')
    .addColumn('occupation', 'text')
    .addColumn('residence_status', 'text', (c) => c.notNull())
    // `,flag,flag,` so one flag is one LIKE on both databases.
    .addColumn('care_flags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('travel_from', 'text')
    .addColumn('returned_on', 'text')
    .addColumn('transport', 'text')
    .addColumn('notes', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('anonymized_at', t.instant)
    .execute();
  await db.schema.createIndex('persons_path').on('persons').column('unit_path').execute();
  await db.schema.createIndex('persons_household').on('persons').column('household_id').execute();
  // One person, one record: the same ID number cannot be registered twice anywhere in the database.
  await db.schema
    .createIndex('persons_id_number')
    .on('persons')
    .columns(['id_type', 'id_number'])
    .unique()
    .where(sql.ref('id_number'), 'is not', null)
    .execute();
  await db.schema.createIndex('persons_id_tail').on('persons').column('id_tail').execute();
  await db.schema.createIndex('persons_returned').on('persons').columns(['returned_on']).execute();

  await db.schema
    .createTable('person_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('from_household_id', 'text', (c) => c.notNull())
    .addColumn('to_household_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('moved_by', 'text')
    .addColumn('moved_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('person_moves_person')
    .on('person_moves')
    .columns(['person_id', 'moved_at'])
    .execute();
}
