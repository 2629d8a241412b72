#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.bench.ts (all of them without a name).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const names = process.argv.slice(2);
const all = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
const run = names.length ? names : all;
for (const name of run) {
  if (!all.includes(name)) {
    console.error(`no benchmark "${name}"; there are: ${all.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
