import { describe, expect, it } from 'vitest';
import { can, grantableRoles, PERMISSIONS, permissionsOf, ROLES, roleFitsUnit } from './roles';
import { UNIT_TYPES } from './units';

describe('grants', () => {
  it('gives administrators every permission, audit reading included', () => {
    expect([...permissionsOf('hq_admin')].sort()).toEqual([...PERMISSIONS].sort());
    expect(can('hq_admin', 'audit.read')).toBe(true);
    expect(can('community_admin', 'users.manage')).toBe(true);
    expect(can('community_admin', 'audit.read')).toBe(true);
  });

  it('lets gate roles log entries and nothing else; businesses get nothing yet', () => {
    for (const role of ['checkpoint_guard', 'volunteer', 'property_company'] as const)
      expect([...permissionsOf(role)].sort(), role).toEqual(['checkpoints.read', 'passages.write']);
    for (const p of PERMISSIONS) expect(can('business', p), `business ${p}`).toBe(false);
    expect(ROLES.filter((r) => can(r, 'reports.submit')).sort()).toEqual(['community_admin', 'hq_admin']);
    expect(ROLES.filter((r) => can(r, 'checkpoints.manage')).sort()).toEqual(['community_admin', 'hq_admin']);
  });

  it('lets grid workers take the census but not shape the grid; the isolation team only reads', () => {
    expect([...permissionsOf('grid_worker')].sort()).toEqual([
      'alerts.handle',
      'alerts.read',
      'isolation.read',
      'isolation.write',
      'passes.issue',
      'persons.read',
      'persons.reveal',
      'persons.write',
    ]);
    expect(can('isolation_team', 'persons.read')).toBe(true);
    expect(can('isolation_team', 'persons.write')).toBe(false);
  });

  it('keeps account management and the audit log to the administrators', () => {
    const managers = ROLES.filter((r) => can(r, 'users.manage'));
    expect(managers.sort()).toEqual(['community_admin', 'hq_admin']);
    expect(ROLES.filter((r) => can(r, 'audit.read')).sort()).toEqual(['community_admin', 'hq_admin']);
    expect(can('community_staff', 'units.write')).toBe(true);
    expect(can('community_staff', 'units.manage')).toBe(false);
  });
});

describe('grantableRoles', () => {
  it('lets the HQ admin hand out every role', () => {
    expect([...grantableRoles('hq_admin')].sort()).toEqual([...ROLES].sort());
  });

  it('never lets a community admin create an account at or above their own standing', () => {
    const g = grantableRoles('community_admin');
    expect(g).not.toContain('hq_admin');
    expect(g).not.toContain('hq_staff');
    expect(g).not.toContain('community_admin');
    expect(g).toContain('community_staff');
    expect(g).toContain('grid_worker');
  });

  it('lets nobody else grant anything', () => {
    for (const r of ROLES.filter((x) => x !== 'hq_admin' && x !== 'community_admin')) {
      expect(grantableRoles(r), r).toEqual([]);
    }
  });
});

describe('roleFitsUnit', () => {
  it('binds each role to its levels of the tree', () => {
    expect(roleFitsUnit('hq_admin', 'subdistrict')).toBe(true);
    expect(roleFitsUnit('hq_admin', 'community')).toBe(false);
    expect(roleFitsUnit('community_admin', 'community')).toBe(true);
    expect(roleFitsUnit('community_admin', 'village')).toBe(true);
    expect(roleFitsUnit('community_admin', 'compound')).toBe(false);
    expect(roleFitsUnit('community_admin', 'subdistrict')).toBe(false);
    expect(roleFitsUnit('grid_worker', 'building')).toBe(true);
    expect(roleFitsUnit('checkpoint_guard', 'compound')).toBe(true);
    expect(roleFitsUnit('checkpoint_guard', 'building')).toBe(false);
  });

  it('never binds an account to a household or an entrance, and every role fits somewhere', () => {
    for (const role of ROLES) {
      expect(roleFitsUnit(role, 'household'), role).toBe(false);
      expect(roleFitsUnit(role, 'entrance'), role).toBe(false);
      expect(
        UNIT_TYPES.some((t) => roleFitsUnit(role, t)),
        role,
      ).toBe(true);
    }
  });
});
