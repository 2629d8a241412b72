import { createContext, useContext } from 'react';
import type { MeDto } from '../../../domain/auth';
import type { Permission } from '../../../domain/roles';
import { ApiError, api, setCsrfToken } from '../../app/api/client';
import { GATE_PATH, type LoginReason, loginUrl } from '../auth/login-link';

/**
 * The signed-in account on the gate page. The gate is its own page (web/gate.html), outside the
 * main app's router: it asks /api/auth/me once when it opens (the service worker answers from its
 * copy when offline), and every way out — signing in, signing out, the start page — is a full page
 * load of the main app.
 */

export const MAIN_APP = '/';
export const CHANGE_PASSWORD_PAGE = '/change-password';
/** The login page, coming back to the gate once signed in, with why it opened. */
export const loginPage = (reason?: LoginReason) =>
  loginUrl({ ...(reason ? { reason } : {}), next: GATE_PATH });

/** Leaves the gate for a page of the main app; replace: the gate is not kept in the history. */
export function leaveGate(path: string, replace = false): void {
  if (replace) window.location.replace(path);
  else window.location.assign(path);
}

export { fetchMe } from '../auth/me';

export function hasPermission(me: MeDto, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

/** Signs out on the server; an expired session counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  setCsrfToken(null);
}

const SessionContext = createContext<MeDto | null>(null);

export const SessionProvider = SessionContext.Provider;

/** The account the gate page opened with (the page is only rendered once it is known). */
export function useGateSession(): MeDto {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useGateSession outside the signed-in gate page');
  return me;
}
