import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDeps } from '../bootstrap';
import { systemCtx } from '../http/context';
import { rejectedSheet } from '../lib/ledger';
import { importResidents } from '../modules/registry';
import { findUnit, findUnitByCode } from '../modules/units';

const USAGE =
  'usage: shouwang import residents FILE.xlsx --unit CODE_OR_ID [--no-create-rooms] [--rejected OUT.xlsx]';

export async function importCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      'no-create-rooms': { type: 'boolean' },
      rejected: { type: 'string' },
    },
  });
  const [kind, file] = positionals;
  if (kind !== 'residents' || !file || !values.unit) throw new Error(USAGE);
  const buf = fs.readFileSync(file);
  const deps = await openDeps();
  try {
    const compound = (await findUnitByCode(deps.db, values.unit)) ?? (await findUnit(deps.db, values.unit));
    if (compound?.type !== 'compound') throw new Error(`no compound with code or id ${values.unit}`);
    const tty = process.stderr.isTTY;
    const started = Date.now();
    const out = await importResidents(deps, systemCtx, compound, buf, {
      createRooms: !values['no-create-rooms'],
      onProgress: (p) => {
        const done =
          p.phase === 'storing' && p.rowsStored ? Math.round((p.written / p.rowsStored) * 100) : null;
        const width = 30;
        const bar = done === null ? '' : `[${'#'.repeat((done * width) / 100).padEnd(width, '.')}] ${done}% `;
        const line = `${p.phase.padEnd(9)} ${bar}read ${p.rowsRead}, rejected ${p.rowsRejected}`;
        process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    console.log(
      `${path.basename(file)}: rows read ${out.rowsRead}, stored ${out.rowsStored}, rejected ${out.rowsRejected}; rooms created ${out.roomsCreated} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (out.rejected.length && values.rejected) {
      fs.writeFileSync(values.rejected, await rejectedSheet(out.rejected, 'zh-CN'));
      console.log(`rejected rows and reasons: ${values.rejected}`);
    }
  } finally {
    await deps.store.close();
  }
}
