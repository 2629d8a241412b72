import type { Kysely } from 'kysely';
import type { Db } from './index';
import type { Database } from './schema';

type Work = (trx: Kysely<Database>) => Promise<void>;
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
    // A store that takes a stream of small commits copies its log back on another thread.
    store.checkpointer?.start();
  }
  return g;
}
