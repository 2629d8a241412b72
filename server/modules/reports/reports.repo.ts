import type { Kysely } from 'kysely';
import type { DailyFiguresTable, DailyReportDraftsTable, DailyReportsTable, Database } from '../../db/schema';
import { subtreeEnd } from '../../http/context';
import { forgetReferenceData } from '../../lib/ref-cache';

type Db = Kysely<Database>;

// ------------------------------------------------------------------ the grid (read for scope and names)

/** The communities and villages of a sub-district (or the one community), in grid order. */
export function communitiesIn(db: Db, scopePath: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'path', 'created_at'])
    .where('type', 'in', ['community', 'village'])
    .where('archived_at', 'is', null)
    .where('path', '>=', scopePath)
    .where('path', '<', subtreeEnd(scopePath))
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

export function unitById(db: Db, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'path', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function roots(db: Db) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'type', 'path', 'created_at'])
    .where('type', '=', 'subdistrict')
    .where('archived_at', 'is', null)
    .execute();
}

/** Compounds of a scope with their current status, in grid order. */
export function compoundsIn(db: Db, scopePath: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'path', 'parent_id', 'status', 'unmanaged'])
    .where('type', '=', 'compound')
    .where('archived_at', 'is', null)
    .where('path', '>=', scopePath)
    .where('path', '<', subtreeEnd(scopePath))
    .orderBy('path')
    .execute();
}

/** Status changes of compounds in a scope after an instant (to roll the status back to a past day). */
export function statusChangesSince(db: Db, scopePath: string, since: string) {
  return db
    .selectFrom('unit_status_events')
    .select(['unit_id', 'from_status', 'to_status', 'changed_at'])
    .where('unit_path', '>=', scopePath)
    .where('unit_path', '<', subtreeEnd(scopePath))
    .where('changed_at', '>=', since)
    .orderBy('changed_at')
    .execute();
}

export async function displayNames(db: Db, ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

// ------------------------------------------------------------------ settings

export async function setting(db: Db, key: string) {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function saveSetting(db: Db, key: string, value: string) {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  // The request reads it back before its answer (the answer's write hook forgets it again after the commit).
  forgetReferenceData();
}

// ------------------------------------------------------------------ reports and drafts

export function versionsOf(db: Db, communityId: string, day: string) {
  return db
    .selectFrom('daily_reports')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('day', '=', day)
    .orderBy('version')
    .execute();
}

/** Every version of the communities of a scope for some days (the roll-up, reminders). */
export function versionsIn(db: Db, scopePath: string, days: string[]) {
  if (days.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('daily_reports')
    .selectAll()
    .where('unit_path', '>=', scopePath)
    .where('unit_path', '<', subtreeEnd(scopePath))
    .where('day', 'in', days)
    .orderBy('day')
    .orderBy('version')
    .execute();
}

/** First submission time and latest version per community and day (without the figures). */
export function submissionsIn(db: Db, scopePath: string, from: string, to: string) {
  return db
    .selectFrom('daily_reports')
    .select(['community_id', 'day', 'version', 'submitted_at'])
    .where('unit_path', '>=', scopePath)
    .where('unit_path', '<', subtreeEnd(scopePath))
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

export async function insertVersion(db: Db, row: DailyReportsTable) {
  await db.insertInto('daily_reports').values(row).execute();
}

export function draftOf(db: Db, communityId: string, day: string) {
  return db
    .selectFrom('daily_report_drafts')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('day', '=', day)
    .executeTakeFirst();
}

export async function saveDraft(db: Db, row: DailyReportDraftsTable) {
  const { community_id, day, ...rest } = row;
  await db
    .insertInto('daily_report_drafts')
    .values(row)
    .onConflict((oc) => oc.columns(['community_id', 'day']).doUpdateSet(rest))
    .execute();
}

export async function deleteDraft(db: Db, communityId: string, day: string) {
  await db
    .deleteFrom('daily_report_drafts')
    .where('community_id', '=', communityId)
    .where('day', '=', day)
    .execute();
}

// ------------------------------------------------------------------ pre-aggregated figures

export function storedFigures(db: Db, unitIds: string[], from: string, to: string) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('daily_figures')
    .select(['community_id', 'day', 'figures', 'cutoff_hour'])
    .where('community_id', 'in', unitIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

export async function storeFigures(db: Db, rows: DailyFiguresTable[]) {
  for (const row of rows) {
    const { community_id, day, ...rest } = row;
    await db
      .insertInto('daily_figures')
      .values(row)
      .onConflict((oc) => oc.columns(['community_id', 'day']).doUpdateSet(rest))
      .execute();
  }
}

/** Forgets stored figures of some days of a scope: they are compiled again when next read. */
export async function dropFigures(db: Db, scopePath: string, days: string[]) {
  if (days.length === 0) return;
  await db
    .deleteFrom('daily_figures')
    .where('unit_path', '>=', scopePath)
    .where('unit_path', '<', subtreeEnd(scopePath))
    .where('day', 'in', days)
    .execute();
}
