#!/usr/bin/env node
// `npm test`: lint, type check, unit tests, module tests on SQLite and PostgreSQL, browser journeys.
// Outside CI it runs what this machine can and says plainly what it skipped; with CI=true nothing
// may be skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const only = process.argv.slice(2); // e.g. `npm test -- unit modules`
const want = (step) => only.length === 0 || only.includes(step);

const skipped = [];
const failed = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) failed.push(name);
  return r.status === 0;
}

function vitest(name, project, env = {}, extra = []) {
  const out = path.join(os.tmpdir(), `shouwang-vitest-${project}-${process.pid}.json`);
  const ok = run(
    name,
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...extra,
    ],
    env,
  );
  try {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    // A suite whose setup failed reports its tests as skipped, not failed: count the suite too.
    const brokenSuites = r.numFailedTestSuites ?? 0;
    const skippedHere = r.numPendingTests + r.numTodoTests;
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests + brokenSuites;
    totals.skipped += skippedHere;
    if (r.numTotalTests === 0) failed.push(`${name} (ran no test)`);
    if (ci && skippedHere > 0) failed.push(`${name}: ${skippedHere} tests skipped, and CI may skip none`);
  } catch {
    if (ok) failed.push(`${name} (no report)`);
  }
  fs.rmSync(out, { force: true });
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

if (want('lint')) run('lint', 'npx', ['biome', 'check', '.']);
if (want('typecheck')) run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (want('unit')) vitest('unit tests', 'unit');

if (want('modules')) {
  const havePg = await postgresReachable();
  if (!havePg) {
    const why = `PostgreSQL is not reachable at ${pgUrl}`;
    if (ci) failed.push(`module tests on PostgreSQL: ${why}`);
    else skipped.push(`module tests on PostgreSQL (${why}; set TEST_DATABASE_URL)`);
  }
  // Two files at a time even on two cores (vitest's default is one fewer than the cores): module tests
  // wait on PostgreSQL, fsync and argon2 much of the time; 378 s → 224 s on the 2-core CI machine.
  vitest(
    `module tests (SQLite${havePg ? ' and PostgreSQL' : ''})`,
    'modules',
    { SHOUWANG_TEST_PG: havePg ? '1' : '0' },
    ['--maxWorkers=2', '--minWorkers=1'],
  );
}

if (want('e2e')) {
  if (!fs.existsSync(chromium)) {
    const why = `Chromium is missing at ${chromium} (apt-get install -y chromium fonts-noto-cjk)`;
    if (ci) failed.push(`browser journeys: ${why}`);
    else skipped.push(`browser journeys (${why})`);
  } else if (
    run('web build', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'])
  ) {
    vitest('browser journeys', 'e2e');
  }
}

console.log('\n── summary ──');
for (const s of skipped) console.log(`SKIPPED: ${s}`);
for (const f of failed) console.log(`FAILED: ${f}`);
console.log(`Total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed.length ? 1 : 0);
