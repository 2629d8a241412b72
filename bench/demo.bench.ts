// `shouwang demo --size full` end to end as an operator runs it: time and peak memory of the process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, record } from './support';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-demo-'));
const t0 = performance.now();
const r = spawnSync(
  process.execPath,
  [
    '--import',
    path.join(root, 'bench/report-rss.mjs'),
    path.join(root, 'bin/shouwang.mjs'),
    'demo',
    '--size',
    'full',
    '--json',
  ],
  {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
);
const seconds = (performance.now() - t0) / 1000;
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as {
  households: number;
  persons: number;
  accounts: unknown[];
};
const rss = Number(/PEAK_RSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024;
const dbFile = path.join(dir, 'shouwang.db');
const size = fs.existsSync(dbFile) ? fs.statSync(dbFile).size / 2 ** 20 : Number.NaN;
fs.rmSync(dir, { recursive: true, force: true });
record('shouwang demo --size full', process.env.DATABASE_URL ? 'postgres' : 'sqlite', [
  `${out.households} rooms with ${out.persons} residents, ${out.accounts.length} accounts in ${fmt(seconds)} s (whole process, migrations and argon2id hashing of every account included)`,
  `peak memory (max RSS) ${fmt(rss, 0)} MiB; database file ${fmt(size)} MiB`,
]);
