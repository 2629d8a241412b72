import { type Kysely, type OperationNodeSource, sql } from 'kysely';
import type { Db } from './index';
import type { Database } from './schema';

type Work = (trx: Kysely<Database>) => Promise<void>;

/** One write of a transaction: a query, or work done on SQLite's connection itself (insertRows). */
export type Write = OperationNodeSource | Work;

async function runEach(trx: Kysely<Database>, writes: Write[]) {
  for (const w of writes) await (typeof w === 'function' ? w(trx) : sql`${w}`.execute(trx));
}
type Job = { work: Work; resolve: () => void; reject: (err: unknown) => void };

/** More than this many writes wait for the next group. */
const MAX_GROUP = 256;

/**
 * Group commit for SQLite: small write transactions that arrive together share one transaction and
 * so one fsync. Each caller is still answered only after the commit that holds its write
 * (QUALITY.md, `synchronous=FULL`); a commit costs ~0.3 ms of fsync here, more than the rest of a
 * gate entry's write.
 *
 * Writes queue until the event loop has taken in what arrived (setImmediate), then run in order in
 * one transaction. If one of them fails, the group is rolled back and each write runs again in a
 * transaction of its own, so only the failing caller sees its error.
 *
 * PostgreSQL commits concurrent transactions on its own connections and flushes their WAL
 * together: there each write is simply its own transaction.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private busy = false;
  private scheduled = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly grouped: boolean,
  ) {}

  /** Runs `work` in a transaction and resolves once that transaction is committed. */
  run(work: Work): Promise<void> {
    if (!this.grouped) return this.db.transaction().execute(work);
    return new Promise((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Commits `build`'s writes together and resolves once they are committed. On SQLite they run one
   * after another in the group's transaction. On PostgreSQL, where each round trip to the server
   * costs more than the write itself (~0.1 ms of socket write each on a VM), queries become one
   * statement: all but the last as data-modifying CTEs (`with w0 as (insert …) insert …`), which
   * PostgreSQL runs as one transaction — one round trip instead of begin, each write and commit.
   * The writes must not read each other's rows (a statement's parts share one snapshot), and
   * PostgreSQL runs the parts in no set order (here: the last, then the CTEs from the end).
   */
  async runWrites(build: (db: Kysely<Database>) => Promise<Write[]>): Promise<void> {
    if (this.grouped) return this.run(async (trx) => runEach(trx, await build(trx)));
    const writes = await build(this.db);
    const queries = writes.filter((w): w is OperationNodeSource => typeof w !== 'function');
    const last = queries.at(-1);
    if (!last || queries.length < writes.length) return this.run((trx) => runEach(trx, writes));
    const ctes = queries.slice(0, -1).map((q, i) => sql`${sql.id(`w${i}`)} as (${q})`);
    await (ctes.length ? sql`with ${sql.join(ctes)} ${last}` : sql`${last}`).execute(this.db);
  }

  /** Writes waiting for their group (for load shedding and tests). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule() {
    if (this.scheduled || this.busy) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.busy = true;
      void this.flush().finally(() => {
        this.busy = false;
        if (this.queue.length > 0) this.schedule();
      });
    });
  }

  private async flush() {
    const group = this.queue.splice(0, MAX_GROUP);
    if (group.length === 1) return this.alone(group[0] as Job);
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of group) await job.work(trx);
      });
    } catch {
      for (const job of group) await this.alone(job);
      return;
    }
    for (const job of group) job.resolve();
  }

  private async alone(job: Job) {
    try {
      await this.db.transaction().execute(job.work);
      job.resolve();
    } catch (err) {
      job.reject(err);
    }
  }
}

const perStore = new WeakMap<Db, GroupCommit>();

/** The store's group committer (grouping on SQLite, plain transactions on PostgreSQL). */
export function groupCommit(store: Db): GroupCommit {
  let g = perStore.get(store);
  if (!g) {
    g = new GroupCommit(store.db, store.dialect === 'sqlite');
    perStore.set(store, g);
  }
  return g;
}
