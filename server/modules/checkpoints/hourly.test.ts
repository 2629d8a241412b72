import { afterAll, beforeAll, expect, it } from 'vitest';
import { groupCommit } from '../../db/group-commit';
import { onEachDatabase, startTestApp, type TestApp } from '../../test/harness';
import { countsOf } from './checkpoints.repo';
import { hourlyWrites } from './passages.repo';

onEachDatabase('hourly passage counts', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('adds up every write of a gate-hour, over shard rows on PostgreSQL and one row on SQLite', async () => {
    const one = {
      checkpoint_id: 'gate-hourly-test',
      unit_path: '/x/',
      day: '2020-03-02',
      hour: 8,
      entries_in: 1,
      entries_out: 2,
      fevers: 0,
      denied: 1,
    };
    const add = (rows: (typeof one)[]) =>
      groupCommit(t.deps.store).runWrites(async (db) => hourlyWrites(t.deps.store, db, rows));
    for (let i = 0; i < 24; i++) await add([one]);
    // Two hours in one write take the builder's path.
    await add([one, { ...one, hour: 9, entries_in: 5 }]);

    const rows = await t.deps.db
      .selectFrom('passage_hourly')
      .selectAll()
      .where('checkpoint_id', '=', one.checkpoint_id)
      .where('hour', '=', 8)
      .execute();
    if (dialect === 'postgres') expect(rows.length).toBeGreaterThan(1);
    else expect(rows).toHaveLength(1);

    expect(await countsOf(t.deps.db, [one.checkpoint_id], '2020-03-01', '2020-03-03')).toEqual([
      expect.objectContaining({
        day: '2020-03-02',
        hour: 8,
        entries_in: 25,
        entries_out: 50,
        fevers: 0,
        denied: 25,
      }),
      expect.objectContaining({
        day: '2020-03-02',
        hour: 9,
        entries_in: 5,
        entries_out: 2,
        fevers: 0,
        denied: 1,
      }),
    ]);
  });
});
