import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Kept apart from support.ts (which needs a test worker): vitest's globalSetup imports it. */
export const ROOT = path.resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Where journeys build and serve the web: dist/web, or SHOUWANG_WEB_DIR for parallel runs. */
export const WEB_OUT = process.env.SHOUWANG_WEB_DIR ?? path.join(ROOT, 'dist/web');

/** Builds the web when it is missing or older than web/ or domain/, as a fresh clone would need. */
export function ensureWebBuilt(): void {
  const built = path.join(WEB_OUT, 'index.html');
  // Both pages and the manifest that lists their files (an older build may lack the gate's).
  const alsoBuilt = [path.join(WEB_OUT, 'gate.html'), path.join(WEB_OUT, '.vite/manifest.json')];
  const sources = Math.max(newestMtime(path.join(ROOT, 'web')), newestMtime(path.join(ROOT, 'domain')));
  if (
    fs.existsSync(built) &&
    fs.statSync(built).mtimeMs >= sources &&
    alsoBuilt.every((f) => fs.existsSync(f))
  )
    return;
  const r = spawnSync(
    'npx',
    [
      'vite',
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
      '--outDir',
      WEB_OUT,
      '--emptyOutDir',
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // The production build users get: vitest sets NODE_ENV=test, which would build React for development.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed with status ${r.status}`);
}
