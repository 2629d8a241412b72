#!/usr/bin/env node
// Builds the web app before `npm start` when dist/web is missing or older than its sources, so a fresh
// clone needs only `npm install && npm start`, and later starts are instant.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist/web/index.html');
const gate = path.join(root, 'dist/web/gate.html');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(root, 'web')), newest(path.join(root, 'domain')));
if (fs.existsSync(built) && fs.existsSync(gate) && fs.statSync(built).mtimeMs >= sources) process.exit(0);
console.log('Building the web app (first start or changed sources)…');
const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
