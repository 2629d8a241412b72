import { z } from 'zod';
import type { UnitType } from './units';

export const ROLES = [
  'hq_admin',
  'hq_staff',
  'community_admin',
  'community_staff',
  'grid_worker',
  'checkpoint_guard',
  'isolation_team',
  'volunteer',
  'property_company',
  'business',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Where in the jurisdiction tree an account of each role may be bound. */
export const ROLE_UNIT_TYPES: Record<Role, readonly UnitType[]> = {
  hq_admin: ['subdistrict'],
  hq_staff: ['subdistrict'],
  community_admin: ['community', 'village'],
  community_staff: ['community', 'village'],
  grid_worker: ['community', 'village', 'compound', 'building'],
  checkpoint_guard: ['community', 'village', 'compound'],
  isolation_team: ['subdistrict', 'community', 'village'],
  volunteer: ['subdistrict', 'community', 'village', 'compound'],
  property_company: ['community', 'village', 'compound'],
  business: ['community', 'village', 'compound'],
};

export const PERMISSIONS = [
  'units.write', // create, rename, bulk-create, import grid nodes
  'units.manage', // move and archive grid nodes
  'units.status', // change a compound's open / closed / sealed status
  'users.manage', // create, edit, disable accounts and reset passwords
  'audit.read',
  'persons.read', // households and persons, masked
  'persons.write', // register, correct and move persons
  'persons.reveal', // see a full ID number or phone, audited with a reason
  'isolation.read', // key persons, isolation orders, checks, the daily worklist
  'isolation.write', // put persons under watch, record checks, extend, transfer, release
  'isolation.sites', // set up centralised isolation sites
  'alerts.read', // fever and symptom alerts (isolation checks, later checkpoints)
  'alerts.handle', // record an alert's outcome
  'checkpoints.read', // gates, their passage logs and counts
  'checkpoints.manage', // set up gates, lanes, opening hours and outing quotas
  'passes.issue', // issue, print and revoke electronic passes (出入证)
  'passages.write', // log entries at a gate (the gate page)
  'reports.read', // daily reports, the roll-up and the command dashboard
  'reports.submit', // review and submit a community's daily report
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const REGISTRY: readonly Permission[] = ['persons.read', 'persons.write', 'persons.reveal'];
const ISOLATION: readonly Permission[] = [
  'isolation.read',
  'isolation.write',
  'alerts.read',
  'alerts.handle',
];
const CHECKPOINTS: readonly Permission[] = ['checkpoints.read', 'passes.issue', 'passages.write'];

const GRANTS: Record<Role, readonly Permission[]> = {
  hq_admin: [
    'units.write',
    'units.manage',
    'units.status',
    'users.manage',
    'audit.read',
    ...REGISTRY,
    ...ISOLATION,
    'isolation.sites',
    ...CHECKPOINTS,
    'checkpoints.manage',
    'reports.read',
    'reports.submit',
  ],
  // HQ staff follow the isolation figures and set up sites; communities do the watching.
  hq_staff: [
    'units.write',
    'units.status',
    ...REGISTRY,
    'isolation.read',
    'isolation.sites',
    'alerts.read',
    'checkpoints.read',
    'reports.read',
  ],
  community_admin: [
    'units.write',
    'units.manage',
    'units.status',
    'users.manage',
    'audit.read',
    ...REGISTRY,
    ...ISOLATION,
    ...CHECKPOINTS,
    'checkpoints.manage',
    'reports.read',
    'reports.submit',
  ],
  community_staff: ['units.write', ...REGISTRY, ...ISOLATION, ...CHECKPOINTS, 'reports.read'],
  // Grid workers do the door-to-door and telephone census of their buildings, and the daily checks.
  grid_worker: [...REGISTRY, ...ISOLATION, 'passes.issue'],
  // Guards log entries and look up gates; verdicts tell them what they need of a person.
  checkpoint_guard: ['checkpoints.read', 'passages.write'],
  isolation_team: ['persons.read', 'persons.reveal', ...ISOLATION, 'isolation.sites'],
  // Volunteers and property staff stood at the gates in 2020.
  volunteer: ['checkpoints.read', 'passages.write'],
  property_company: ['checkpoints.read', 'passages.write'],
  business: [],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Roles an account manager may hand out: nobody creates an account above their own standing. */
const GRANTABLE: Partial<Record<Role, readonly Role[]>> = {
  hq_admin: ROLES,
  community_admin: [
    'community_staff',
    'grid_worker',
    'checkpoint_guard',
    'isolation_team',
    'volunteer',
    'property_company',
    'business',
  ],
};

export function grantableRoles(role: Role): readonly Role[] {
  return GRANTABLE[role] ?? [];
}

export function roleFitsUnit(role: Role, unitType: UnitType): boolean {
  return ROLE_UNIT_TYPES[role].includes(unitType);
}
