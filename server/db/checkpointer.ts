import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's own rule: a commit that leaves the log over 1000 pages copies it back, on that thread. */
const AUTO_PAGES = 1000;
/** Each restart of a grown log truncates it to this (the log otherwise keeps its largest size). */
const LOG_LIMIT_BYTES = 64 * 2 ** 20;

type Message =
  | { type: 'ready' | 'stopped' }
  | { type: 'done'; log: number; checkpointed: number }
  | { type: 'error'; message: string };

/**
 * Moves SQLite's WAL checkpoints off the server's thread (DECISIONS 48). By default the commit that
 * crosses 1000 log pages copies them into the database and syncs it: under a stream of gate
 * entries that was a stop of several milliseconds every second or so, in which no request was
 * served. Once started, a worker thread with a connection of its own runs a PASSIVE checkpoint
 * every `everyMs` (it never waits for the writer, and the writer never waits for it), and the
 * server's connection no longer checkpoints. If the worker fails, the connection checkpoints as
 * before.
 */
export class Checkpointer {
  private worker: Worker | null = null;
  private waiting: ((m: Message) => void)[] = [];

  constructor(
    private readonly conn: SQLite.Database,
    private readonly file: string,
    private readonly everyMs = 250,
  ) {
    conn.pragma(`journal_size_limit = ${LOG_LIMIT_BYTES}`);
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts the worker (once). The first group commit calls it: short-lived stores never start one. */
  start(): void {
    if (this.worker) return;
    const worker = new Worker(new URL('./checkpointer.worker.mjs', import.meta.url), {
      workerData: { file: this.file, everyMs: this.everyMs },
    });
    worker.unref();
    worker.on('message', (m: Message) => {
      if (m.type === 'ready') {
        if (this.worker === worker && this.conn.open) this.conn.pragma('wal_autocheckpoint = 0');
      } else this.waiting.shift()?.(m);
    });
    const fallBack = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.conn.open) this.conn.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
      for (const w of this.waiting.splice(0)) w({ type: 'stopped' });
    };
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
    this.worker = worker;
  }

  /** Runs a checkpoint now and answers when it is done (tests, and before a backup). */
  async now(): Promise<Message> {
    const worker = this.worker;
    if (!worker) return { type: 'stopped' };
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      worker.postMessage('now');
    });
  }

  /** Stops the worker; the connection checkpoints by itself again (and on close). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    if (this.conn.open) this.conn.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
      // A worker stuck in a checkpoint is not waited for: the file stays consistent either way.
      setTimeout(() => void worker.terminate(), 2000).unref();
    });
    for (const w of this.waiting.splice(0)) w({ type: 'stopped' });
  }
}
