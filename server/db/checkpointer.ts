import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's own rule: a commit that leaves the log over 1000 pages copies it back, on that thread. */
const AUTO_PAGES = 1000;
/** Each restart of a grown log truncates it to this (the log otherwise keeps its largest size). */
const LOG_LIMIT_BYTES = 64 * 2 ** 20;
/** Past this many frames (~16 MiB) the log is made to start over (see `finish`). */
const RESTART_FRAMES = 4000;
/** … provided the worker has copied all but this many: the server's thread copies the rest. */
const RESTART_LAG = 1000;

type Message =
  | { type: 'ready' | 'stopped' }
  | { type: 'done' | 'restart'; log: number; checkpointed: number }
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

  private finishing = false;

  constructor(
    private readonly conn: SQLite.Database,
    private readonly file: string,
    /** A PASSIVE checkpoint on the server's connection, queued behind its transactions. */
    private readonly finish: () => Promise<unknown>,
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
      workerData: { file: this.file, everyMs: this.everyMs, restartFrames: RESTART_FRAMES },
    });
    worker.unref();
    worker.on('message', (m: Message) => {
      if (m.type === 'ready') {
        if (this.worker === worker && this.conn.open) this.conn.pragma('wal_autocheckpoint = 0');
      } else if (m.type === 'restart') {
        if (m.log - m.checkpointed <= RESTART_LAG) this.restartLog();
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

  private restartLog() {
    if (this.finishing || !this.conn.open) return;
    this.finishing = true;
    this.finish()
      .catch(() => undefined) // busy or closing: the worker asks again at its next checkpoint
      .finally(() => {
        this.finishing = false;
      });
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
    // Unref'd while it runs; waiting for its exit must keep the process alive (a shutdown's last work).
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
      // A worker stuck in a checkpoint is not waited for: the file stays consistent either way.
      setTimeout(() => void worker.terminate(), 2000).unref();
    });
    for (const w of this.waiting.splice(0)) w({ type: 'stopped' });
  }
}
