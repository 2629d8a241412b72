// Worker thread that reads the first worksheet of `workerData.buf` and posts its rows in batches of
// `workerData.batch` (see readFirstSheet in xlsx.ts). At most `workerData.credit` batches are in
// flight: the reader waits for a 'more' from the main thread, so memory stays flat however long the
// sheet is. Plain JavaScript: a worker needs no TypeScript loader, and starts in a fraction of a second.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const ExcelJS = require('./exceljs-mended.cjs');

let credit = workerData.credit;
let wake = null;
parentPort.on('message', (m) => {
  if (m === 'more') {
    credit++;
    wake?.();
    wake = null;
  }
});

try {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(workerData.buf)), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let batch = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      batch.push({ number: row.number, cells: Array.isArray(row.values) ? row.values : [] });
      if (batch.length < workerData.batch) continue;
      while (credit <= 0) await new Promise((resolve) => (wake = resolve));
      credit--;
      parentPort.postMessage({ rows: batch });
      batch = [];
    }
    break; // first worksheet only
  }
  parentPort.postMessage({ rows: batch, done: true });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
parentPort.close();
