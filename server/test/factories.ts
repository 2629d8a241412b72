import type { Role } from '../../domain/roles';
import type { UnitType } from '../../domain/units';
import type { Deps } from '../deps';
import { systemCtx } from '../http/context';
import { newId } from '../lib/ids';
import { insertUnits, newUnitRow } from '../modules/units';
import { createAccount } from '../modules/users';

export const PASSWORD = 'Test-password-2026';

type Node = { id: string; path: string; depth: number; name: string; type: string };

/** Grid factories: each test builds its own sub-district, so tests never share rows. */
export async function buildUnit(
  deps: Deps,
  parent: Node | null,
  type: UnitType,
  name = `${type}-${newId().slice(-6)}`,
  extra: Record<string, unknown> = {},
): Promise<Node> {
  const row = newUnitRow(parent, { type, name, ...extra }, deps.clock.now().toISOString());
  await insertUnits(deps.db, [row]);
  return row;
}

export async function buildAccount(
  deps: Deps,
  role: Role,
  unit: Node,
  username = `u${newId().replace(/-/g, '').slice(-10)}`,
) {
  await createAccount(deps, systemCtx, {
    username,
    displayName: `${role} ${unit.name}`,
    role,
    unitId: unit.id,
    password: PASSWORD,
    mustChangePassword: false,
  });
  return { username, password: PASSWORD };
}
