import { parseArgs } from 'node:util';
import { NewPassword, Username } from '../../domain/auth';
import { Role } from '../../domain/roles';
import { openDeps } from '../bootstrap';
import { systemCtx } from '../http/context';
import { findUnit, findUnitByCode } from '../modules/units';
import { createAccount, findUserByUsername, resetPassword } from '../modules/users';

const USAGE = `usage:
  shouwang user add --username U --role ROLE --unit CODE_OR_ID [--name DISPLAY_NAME] [--password P]
  shouwang user reset-password --username U
roles: ${Role.options.join(', ')}`;

export async function userCommand(args: string[]) {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (!values.username || (sub !== 'add' && sub !== 'reset-password')) throw new Error(USAGE);
  const username = Username.parse(values.username);
  const deps = await openDeps();
  try {
    if (sub === 'add') {
      const role = Role.safeParse(values.role);
      if (!role.success || !values.unit) throw new Error(USAGE);
      const unit = (await findUnitByCode(deps.db, values.unit)) ?? (await findUnit(deps.db, values.unit));
      if (!unit) throw new Error(`no node with code or id ${values.unit}`);
      const password = values.password ? NewPassword.parse(values.password) : undefined;
      const { user, temporaryPassword } = await createAccount(deps, systemCtx, {
        username,
        displayName: values.name ?? username,
        role: role.data,
        unitId: unit.id,
        password,
      });
      console.log(`account ${user.username} (${user.role}) at ${user.unitName}`);
      if (temporaryPassword)
        console.log(`temporary password: ${temporaryPassword} (to be changed at first login)`);
    } else {
      const user = await findUserByUsername(deps.db, username);
      if (!user) throw new Error(`no account ${username}`);
      const { temporaryPassword } = await resetPassword(deps, systemCtx, user.id);
      console.log(`temporary password for ${username}: ${temporaryPassword} (to be changed at next login)`);
    }
  } finally {
    await deps.store.close();
  }
}
