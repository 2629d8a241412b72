import { parseArgs } from 'node:util';
import { UnitCode } from '../../domain/units';
import { openDeps } from '../bootstrap';
import { findRootByName, insertUnits, newUnitRow } from '../modules/units';

export async function unitCommand(args: string[]) {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new Error('usage: shouwang unit add --name N [--code C]');
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, code: { type: 'string' } },
  });
  if (!values.name) throw new Error('unit add needs --name');
  const code = values.code ? UnitCode.parse(values.code) : null;
  const deps = await openDeps();
  try {
    if (await findRootByName(deps.db, values.name))
      throw new Error(`a sub-district named ${values.name} exists`);
    const row = newUnitRow(
      null,
      { type: 'subdistrict', name: values.name, code },
      deps.clock.now().toISOString(),
    );
    await insertUnits(deps.db, [row]);
    console.log(`sub-district ${values.name}: ${row.id}`);
  } finally {
    await deps.store.close();
  }
}
