import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDeps } from '../bootstrap';
import { purgePersons } from '../modules/registry';

export async function purgeCommand(args: string[]) {
  const { values } = parseArgs({ args, options: { before: { type: 'string' }, yes: { type: 'boolean' } } });
  const day = z.iso.date().safeParse(values.before);
  if (!day.success) throw new Error('usage: shouwang purge --before YYYY-MM-DD [--yes]');
  const deps = await openDeps();
  try {
    const count = await purgePersons(deps, day.data, !values.yes);
    if (!values.yes) {
      console.log(
        `${count} persons registered before ${day.data} would be anonymised. Run again with --yes to do it.`,
      );
    } else {
      console.log(`${count} persons anonymised; counts per household and area are kept.`);
    }
  } finally {
    await deps.store.close();
  }
}
