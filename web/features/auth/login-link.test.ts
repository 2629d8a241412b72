import { describe, expect, it } from 'vitest';
import { isGatePath, loginUrl, readLoginUrl, safeNext } from './login-link';

describe('login link', () => {
  it('keeps a path of this site and drops anything a browser could take elsewhere', () => {
    for (const ok of ['/', '/gate', '/isolation/orders/1?tab=checks', '/registry#top', '/%2F%2Fevil.com'])
      expect(safeNext(ok)).toBe(ok);
    for (const bad of [
      null,
      undefined,
      '',
      'gate',
      'https://evil.com',
      'javascript:alert(1)',
      '//evil.com',
      '/\\evil.com',
      '/\t/evil.com',
      '/\n/evil.com',
      '/ /evil.com',
      '/\u0000',
      '/login',
      '/login?next=/gate',
    ])
      expect(safeNext(bad), JSON.stringify(bad)).toBeUndefined();
  });

  it('writes and reads why the login page opened and where it goes next', () => {
    expect(loginUrl()).toBe('/login');
    const url = loginUrl({ reason: 'expired', next: '/gate' });
    expect(url).toBe('/login?reason=expired&next=%2Fgate');
    expect(readLoginUrl(url.slice('/login'.length))).toEqual({ reason: 'expired', next: '/gate' });
    expect(loginUrl({ next: '//evil.com' })).toBe('/login');
    expect(readLoginUrl('?reason=hacked&next=%2F%09%2Fevil.com')).toEqual({});
    expect(readLoginUrl('?reason=loggedOut')).toEqual({ reason: 'loggedOut' });
  });

  it('knows the gate, a page of its own', () => {
    expect(['/gate', '/gate/', '/gate?x=1', '/gate#a'].map(isGatePath)).toEqual([true, true, true, true]);
    expect(['/gates', '/gateway', '/', '/login'].map(isGatePath)).toEqual([false, false, false, false]);
  });
});
