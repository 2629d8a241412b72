import type { Role } from '../../domain/roles';
import type { UnitType } from '../../domain/units';

/** The signed-in account behind a request, with the subtree it may see. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitPath: string;
  unitName: string;
  unitType: UnitType;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
};

/** What every service call knows about who asks and on which request. */
export type Ctx = {
  actor: Actor | null;
  requestId: string | null;
  ip: string | null;
};

/** The upper bound of a subtree's path range: `/a/b/` → `/a/b0` ('0' follows '/' in byte order). */
export function subtreeEnd(path: string): string {
  return `${path.slice(0, -1)}0`;
}

export function inSubtree(rootPath: string, path: string): boolean {
  return path.startsWith(rootPath);
}

export const systemCtx: Ctx = { actor: null, requestId: null, ip: null };
