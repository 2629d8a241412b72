import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function machine(db: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${db}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Prints the figures and appends them, dated, to docs/PERFORMANCE.md. */
export function record(title: string, db: string, lines: string[]) {
  const date = new Date().toISOString().slice(0, 10);
  const block = [
    `### ${title} — ${date}`,
    '',
    `Machine: ${machine(db)}`,
    '',
    ...lines.map((l) => `- ${l}`),
    '',
  ].join('\n');
  console.log(`\n${block}`);
  if (process.env.BENCH_NO_RECORD) return;
  const file = path.resolve(import.meta.dirname, '../docs/PERFORMANCE.md');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Performance\n';
  const marker = '<!-- bench results are appended below -->';
  const body = text.includes(marker) ? text : `${text.trimEnd()}\n\n## Results\n\n${marker}\n`;
  fs.writeFileSync(file, `${body.trimEnd()}\n\n${block}`);
}
