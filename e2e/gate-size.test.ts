/**
 * The gate page's weight (issue 4: "Gate page JavaScript ≤ 300 KB gzipped"). A guard opens it on a
 * cheap phone at a gate, often on a bad network. This reads the production build (the one the
 * journeys serve), follows what gate.html loads — its entry script, its module preloads and their
 * static imports — and then what the page may load later (dynamic imports such as the QR decoder),
 * gzips each file with node:zlib at level 9 and holds both totals to the budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt, WEB_OUT } from './web-build';

const BUDGET_BYTES = 300 * 1024;

/** One chunk of Vite's build manifest (build.manifest in web/vite.config.ts). */
interface ManifestChunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** Manifest keys reachable from `start`, through static imports and, if asked, dynamic ones. */
function reachable(manifest: Manifest, start: string[], dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const todo = [...start];
  for (let key = todo.pop(); key !== undefined; key = todo.pop()) {
    if (seen.has(key)) continue;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    seen.add(key);
    todo.push(...(chunk.imports ?? []));
    if (dynamic) todo.push(...(chunk.dynamicImports ?? []));
  }
  return seen;
}

const gzipped = (file: string) =>
  zlib.gzipSync(fs.readFileSync(path.join(WEB_OUT, file)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('gate page weight', () => {
  it('loads at most 300 KB of JavaScript, gzipped, including what it loads later', () => {
    ensureWebBuilt();
    const html = fs.readFileSync(path.join(WEB_OUT, 'gate.html'), 'utf8');
    const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(WEB_OUT, '.vite/manifest.json'), 'utf8'));

    // What the HTML itself asks for: the entry script and its module preloads.
    const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((m) => m[0]);
    const scripts = tags.flatMap((tag) => /^<script\b[^>]*\bsrc="\/([^"]+)"/.exec(tag)?.[1] ?? []);
    const preloads = tags.flatMap((tag) =>
      /\brel="modulepreload"/.test(tag) ? (/\bhref="\/([^"]+)"/.exec(tag)?.[1] ?? []) : [],
    );
    expect(scripts, 'gate.html has one entry script').toHaveLength(1);
    const keyOf = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
    const referenced = [...scripts, ...preloads].map((file) => {
      const key = keyOf.get(file);
      if (!key) throw new Error(`gate.html loads ${file}, which the build manifest does not list`);
      return key;
    });
    expect(manifest[referenced[0] ?? '']?.isEntry, 'the script is the gate entry').toBe(true);

    const initial = reachable(manifest, referenced, false);
    const everything = reachable(manifest, referenced, true);
    const sizes = new Map([...everything].map((key) => [key, gzipped(manifest[key]?.file ?? key)]));
    const sum = (keys: Iterable<string>) => [...keys].reduce((n, key) => n + (sizes.get(key) ?? 0), 0);
    const initialBytes = sum(initial);
    const totalBytes = sum(everything);
    const css = [...initial].flatMap((key) => manifest[key]?.css ?? []);
    const cssBytes = css.reduce((n, file) => n + gzipped(file), 0);

    const lines = [...everything]
      .sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0))
      .map(
        (key) =>
          `  ${initial.has(key) ? 'at open' : 'later  '}  ${kb(sizes.get(key) ?? 0).padStart(9)}  ${manifest[key]?.file}`,
      );
    console.log(
      [
        'Gate page JavaScript, gzip level 9:',
        ...lines,
        `  at open: ${kb(initialBytes)} in ${initial.size} files; with what it loads later: ${kb(totalBytes)} in ${everything.size} files (budget ${kb(BUDGET_BYTES)})`,
        `  (its CSS, not counted: ${kb(cssBytes)})`,
      ].join('\n'),
    );

    // The page is its own entry: the main app's entry, router and component library stay out.
    expect([...everything]).not.toContain('index.html');
    const names = [...everything].map((key) => manifest[key]?.name ?? key);
    for (const heavy of ['antd', 'router']) expect(names, `no ${heavy} chunk`).not.toContain(heavy);

    expect(totalBytes, `gate page JavaScript ${kb(totalBytes)} gzipped`).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
