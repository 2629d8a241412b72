import { sql } from 'kysely';
import type { Deps } from '../../deps';
import { systemCtx } from '../../http/context';
import { startOfDayIn } from '../../lib/clock';
import { recordAudit } from '../audit';
import { isSqlite } from './persons.search';

/**
 * Anonymises every person registered before `day` (in the deployment's time zone) when the emergency
 * is over: identifiers, contact, health flags and free text go; the row, its place in the grid, sex,
 * birth year, residence status and return date stay, so aggregate counts survive the purge.
 */
export async function purgePersons(deps: Deps, day: string, dryRun: boolean): Promise<number> {
  const before = startOfDayIn(deps.config.tzDays, day).toISOString();
  const base = deps.db
    .selectFrom('persons')
    .where('created_at', '<', before)
    .where('anonymized_at', 'is', null);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const count = Number(n);
  if (dryRun || count === 0) return count;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('persons')
      .set({
        name: '（已清除）',
        name_initials: '',
        id_number: null,
        id_tail: null,
        phone: null,
        birth_date: sql`substr(birth_date, 1, 4) || '-01-01'`,
        occupation: null,
        care_flags: '',
        travel_from: null,
        transport: null,
        notes: null,
        anonymized_at: now,
        updated_at: now,
      })
      .where('created_at', '<', before)
      .where('anonymized_at', 'is', null)
      .execute();
    // Out of the search index too (persons.search.ts).
    if (isSqlite(trx)) {
      await sql`delete from person_search where rowid in (
        select search_rowid from persons where anonymized_at = ${now} and search_rowid is not null)`.execute(
        trx,
      );
      await trx.updateTable('persons').set({ search_rowid: null }).where('anonymized_at', '=', now).execute();
    } else {
      await trx.updateTable('persons').set({ search: null }).where('anonymized_at', '=', now).execute();
    }
    await trx
      .updateTable('person_moves')
      .set({ reason: '（已清除）' })
      .where('person_id', 'in', (eb) =>
        eb.selectFrom('persons').select('id').where('anonymized_at', '=', now),
      )
      .execute();
    // Self-registrations as typed, and rejected ledger rows, are personal data too.
    await trx.updateTable('registrations').set({ payload: '[]' }).where('created_at', '<', before).execute();
    await trx.updateTable('imports').set({ rejected_json: null }).where('created_at', '<', before).execute();
    await recordAudit(trx, deps.clock, systemCtx, {
      action: 'registry.purge',
      entityType: 'person',
      details: { before: day, persons: count },
    });
  });
  return count;
}
