import { afterAll, beforeAll, expect, it } from 'vitest';
import { onEachDatabase, startTestApp, type TestApp } from '../test/harness';
import { GroupCommit, groupCommit } from './group-commit';
import { isUniqueViolation, sql } from './index';

onEachDatabase('group commit', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await sql`create table gc_probe (id text primary key)`.execute(t.deps.db);
  });
  afterAll(() => t.close());

  const stored = async (ids: string[]) =>
    (await sql<{ id: string }>`select id from gc_probe`.execute(t.deps.db)).rows
      .map((r) => r.id)
      .filter((id) => ids.includes(id))
      .sort();

  it('commits writes that arrive together in one transaction, and answers each after that commit', async () => {
    const db = t.deps.db;
    let transactions = 0;
    const original = db.transaction.bind(db);
    db.transaction = () => {
      transactions++;
      return original();
    };
    const group = new GroupCommit(db, true);
    const ids = Array.from({ length: 20 }, (_, i) => `a${i}`);
    await Promise.all(
      ids.map(async (id) => {
        await group.run(async (trx) => {
          await sql`insert into gc_probe (id) values (${id})`.execute(trx);
        });
        // Answered: the row is committed and visible outside the transaction.
        expect(await stored([id])).toEqual([id]);
      }),
    );
    Reflect.deleteProperty(db, 'transaction');
    expect(transactions).toBe(1);
    expect(await stored(ids)).toEqual([...ids].sort());
  });

  it('fails only the write that fails; the others of its group are committed', async () => {
    const group = new GroupCommit(t.deps.db, true);
    await group.run(async (trx) => {
      await sql`insert into gc_probe (id) values ('b-taken')`.execute(trx);
    });
    const results = await Promise.allSettled(
      ['b1', 'b-taken', 'b2'].map((id) =>
        group.run(async (trx) => {
          await sql`insert into gc_probe (id) values (${id})`.execute(trx);
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await stored(['b1', 'b2', 'b-taken'])).toEqual(['b-taken', 'b1', 'b2']);
  });

  it('rolls back all of a failing write, not only the statement that failed', async () => {
    const group = new GroupCommit(t.deps.db, true);
    const results = await Promise.allSettled([
      group.run(async (trx) => {
        await sql`insert into gc_probe (id) values ('c1')`.execute(trx);
      }),
      group.run(async (trx) => {
        await sql`insert into gc_probe (id) values ('c2')`.execute(trx);
        throw new Error('the second write fails after its insert');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await stored(['c1', 'c2'])).toEqual(['c1']);
  });

  it('runs a list of writes all or nothing, on PostgreSQL as one statement', async () => {
    const db = t.deps.db;
    const group = groupCommit(t.deps.store);
    // Statements sent on the store's own connections (a transaction's run on another executor).
    let statements = 0;
    const executor = db.getExecutor();
    const original = executor.executeQuery.bind(executor);
    executor.executeQuery = ((...args: Parameters<typeof original>) => {
      statements++;
      return original(...args);
    }) as typeof executor.executeQuery;
    const insert = (id: string) => sql`insert into gc_probe (id) values (${id})`;
    await group.runWrites(async () => [insert('d1'), insert('d2')]);
    Reflect.deleteProperty(executor, 'executeQuery');
    if (dialect === 'postgres') expect(statements).toBe(1);
    expect(await stored(['d1', 'd2'])).toEqual(['d1', 'd2']);

    // The last part fails (its id is taken): the parts before it are not kept either.
    await expect(group.runWrites(async () => [insert('d3'), insert('d4'), insert('d1')])).rejects.toSatisfy(
      isUniqueViolation,
    );
    expect(await stored(['d3', 'd4'])).toEqual([]);
  });
});
