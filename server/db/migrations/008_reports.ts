import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../index';
import { types } from './001_foundation';

/**
 * Daily reports (issue 6). `daily_reports` keeps every submitted version of a community's day, frozen
 * by triggers (a correction is a new row with a reason); `daily_report_drafts` holds the free-text
 * fields being written; `daily_figures` holds each community's compiled figures of a closed report
 * day, so the dashboard's trends and the roll-up never recount the records of past days.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against an untyped schema
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const t = types(dialect);

  await db.schema
    .createTable('daily_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('cutoff_hour', 'integer', (c) => c.notNull())
    .addColumn('period_start', t.instant, (c) => c.notNull())
    .addColumn('period_end', t.instant, (c) => c.notNull())
    .addColumn('deadline', t.instant, (c) => c.notNull())
    // JSON of DailyFigures (domain/reports.ts) as compiled when the version was submitted.
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('zero_report', 'integer', (c) => c.notNull())
    .addColumn('notable_events', 'text')
    .addColumn('needs', 'text')
    .addColumn('remarks', 'text')
    .addColumn('correction_reason', 'text')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', t.instant, (c) => c.notNull())
    .execute();
  // Two submissions racing for the same version: the second fails here and answers 409.
  await db.schema
    .createIndex('daily_reports_version')
    .on('daily_reports')
    .columns(['community_id', 'day', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('daily_reports_scope')
    .on('daily_reports')
    .columns(['unit_path', 'day'])
    .execute();

  await db.schema
    .createTable('daily_report_drafts')
    .addColumn('community_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('notable_events', 'text')
    .addColumn('needs', 'text')
    .addColumn('remarks', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_report_drafts_pk', ['community_id', 'day'])
    .execute();

  await db.schema
    .createTable('daily_figures')
    .addColumn('community_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('unit_path', t.path, (c) => c.notNull())
    .addColumn('cutoff_hour', 'integer', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('compiled_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_figures_pk', ['community_id', 'day'])
    .execute();
  await db.schema
    .createIndex('daily_figures_scope')
    .on('daily_figures')
    .columns(['unit_path', 'day'])
    .execute();

  // Counting a period's events: key persons and orders by creation, releases and alerts by time.
  await db.schema
    .createIndex('reports_key_persons_created')
    .on('key_persons')
    .columns(['unit_path', 'created_at'])
    .execute();
  await db.schema
    .createIndex('reports_isolation_events_type_at')
    .on('isolation_events')
    .columns(['type', 'at'])
    .execute();
  await db.schema
    .createIndex('reports_alerts_created')
    .on('alerts')
    .columns(['unit_path', 'created_at'])
    .execute();
  await db.schema.createIndex('reports_alerts_handled').on('alerts').columns(['handled_at']).execute();
  // Checks that escalated (a fever or symptoms) are rare: a partial index lists a day's of them.
  await db.schema
    .createIndex('reports_checks_escalated')
    .on('health_checks')
    .columns(['at', 'isolation_id'])
    .where(sql.ref('escalation'), 'is not', null)
    .execute();

  // A submitted version is frozen: its figures, day, version and submission never change and the row
  // is never deleted. (The free-text columns stay writable for a retention purge only.)
  const frozen =
    'community_id, day, version, cutoff_hour, period_start, period_end, figures, zero_report, late, submitted_by, submitted_at';
  if (dialect === 'postgres') {
    await sql`
      CREATE FUNCTION daily_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a submitted daily report is frozen'; END $$`.execute(db);
    await sql`
      CREATE TRIGGER daily_reports_no_change BEFORE UPDATE OF ${sql.raw(frozen)} ON daily_reports
      FOR EACH ROW EXECUTE FUNCTION daily_reports_frozen()`.execute(db);
    await sql`
      CREATE TRIGGER daily_reports_no_delete BEFORE DELETE ON daily_reports
      FOR EACH ROW EXECUTE FUNCTION daily_reports_frozen()`.execute(db);
  } else {
    await sql`
      CREATE TRIGGER daily_reports_no_change BEFORE UPDATE OF ${sql.raw(frozen)} ON daily_reports
      BEGIN SELECT RAISE(ABORT, 'a submitted daily report is frozen'); END`.execute(db);
    await sql`
      CREATE TRIGGER daily_reports_no_delete BEFORE DELETE ON daily_reports
      BEGIN SELECT RAISE(ABORT, 'a submitted daily report is frozen'); END`.execute(db);
  }
}
