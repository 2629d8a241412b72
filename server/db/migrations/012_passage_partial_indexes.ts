import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';

/**
 * Three of the passages table's six indexes only serve rows that have the column they start with:
 * a person's movements (`person_id`), a household's (`household_id`) and the outing quota
 * (`quota_key`, set only on a resident's counted outing). Most entries lack one or two of them —
 * every visitor and courier has no person or household, every entry in has no quota key — yet each
 * insert paid for all six. As partial indexes (`… where <column> is not null`) they hold only the
 * rows they are read for; every query on them compares the column with `=`, `in` or `is not null`,
 * which both databases know implies the index's condition (bench/passages.bench.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const partial = [
    { name: 'passages_person_at', columns: ['person_id', 'at'], where: 'person_id' },
    { name: 'passages_household_at', columns: ['household_id', 'at'], where: 'household_id' },
    { name: 'passages_quota', columns: ['compound_id', 'day', 'quota_key'], where: 'quota_key' },
  ];
  for (const ix of partial) {
    await db.schema.dropIndex(ix.name).execute();
    await db.schema
      .createIndex(ix.name)
      .on('passages')
      .columns(ix.columns)
      .where(sql.ref(ix.where), 'is not', null)
      .execute();
  }
}
