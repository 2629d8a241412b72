// The checkpointer's thread (server/db/checkpointer.ts): its own connection to the SQLite file copies
// the write-ahead log back into the database every few hundred milliseconds, on the second core, so
// the server's thread never stops a commit to do it. Plain JavaScript: a worker is started from a file.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, everyMs, restartFrames } = workerData;
const conn = new SQLite(file, { fileMustExist: true });
// FULL (the default): the log is synced before its pages are copied, the database after.
conn.pragma('synchronous = FULL');
conn.pragma('busy_timeout = 1000');

/** Errors in a row before this thread gives up, so the server's connection checkpoints again. */
const MAX_ERRORS = 20;
let errors = 0;

function checkpoint(answer) {
  try {
    // PASSIVE: copies what no reader still needs and never waits for the writer.
    const [row] = conn.pragma('wal_checkpoint(PASSIVE)');
    errors = 0;
    const log = row?.log ?? 0;
    const checkpointed = row?.checkpointed ?? 0;
    if (answer) parentPort.postMessage({ type: 'done', log, checkpointed });
    // Under a steady stream of commits the log is never copied to its very end at the moment a
    // write begins, so SQLite never starts it over and it only grows: past `restartFrames` the
    // server's connection is asked to copy the few frames left, between two of its transactions.
    else if (log > restartFrames) parentPort.postMessage({ type: 'restart', log, checkpointed });
  } catch (err) {
    // A busy moment is retried at the next tick; only a checkpoint asked for hears of it.
    if (answer) parentPort.postMessage({ type: 'error', message: String(err) });
    if (++errors >= MAX_ERRORS) {
      clearInterval(timer);
      conn.close();
      process.exit(1);
    }
  }
}

const timer = setInterval(() => checkpoint(false), everyMs);
parentPort.on('message', (m) => {
  if (m === 'now') checkpoint(true);
  else if (m === 'stop') {
    clearInterval(timer);
    conn.close();
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
