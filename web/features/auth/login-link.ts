/**
 * The login page's address can say why it opened and where to go after signing in
 * (`/login?reason=expired&next=/gate`). The main app passes both in router state; a page outside its
 * router — the gate, a page of its own — can only pass them in the address. Plain functions: the
 * gate's bundle imports this file.
 */

export type LoginReason = 'expired' | 'loggedOut';

const REASONS: readonly string[] = ['expired', 'loggedOut'] satisfies LoginReason[];

export const LOGIN_PATH = '/login';

/** The gate is a page of its own (web/gate.html): reaching it from the main app is a full page load. */
export const GATE_PATH = '/gate';

export function isGatePath(path: string): boolean {
  return path === GATE_PATH || /^\/gate[/?#]/.test(path);
}

/**
 * A path of this site to go on to; anything else (another origin, `//host`, the login itself) is
 * dropped. Browsers drop tabs and newlines from an address and read `\` as `/`, so `/<tab>/evil.com`
 * would be `//evil.com`: no control character, space or backslash is let through at all.
 */
export function safeNext(path: string | null | undefined): string | undefined {
  if (!path?.startsWith('/') || path.startsWith('//') || /[\u0000-\u0020\u007f\\]/.test(path))
    return undefined;
  if (path === LOGIN_PATH || path.startsWith(`${LOGIN_PATH}?`)) return undefined;
  return path;
}

export function loginUrl(opts: { reason?: LoginReason; next?: string } = {}): string {
  const q = new URLSearchParams();
  if (opts.reason) q.set('reason', opts.reason);
  const next = safeNext(opts.next);
  if (next) q.set('next', next);
  const s = q.toString();
  return s ? `${LOGIN_PATH}?${s}` : LOGIN_PATH;
}

/** What a login address says (`search` is `location.search`). */
export function readLoginUrl(search: string): { reason?: LoginReason; next?: string } {
  const q = new URLSearchParams(search);
  const reason = q.get('reason');
  const next = safeNext(q.get('next'));
  return {
    ...(reason && REASONS.includes(reason) ? { reason: reason as LoginReason } : {}),
    ...(next ? { next } : {}),
  };
}
