import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf } from './common';

export const AuditEntryDto = z.object({
  id: Id,
  at: Instant,
  actorId: Id.nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  unitId: Id.nullable(),
  unitName: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;
export const AuditPage = pageOf(AuditEntryDto);

export const AuditQuery = PageQuery.extend({
  from: Instant.optional(),
  to: Instant.optional(),
  action: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  unit: Id.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Actions written to the audit log; the web shows them by these keys. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_changed',
  'user.create',
  'user.update',
  'user.password_reset',
  'unit.create',
  'unit.update',
  'unit.move',
  'unit.archive',
  'unit.restore',
  'unit.status',
  'unit.bulk',
  'unit.import',
  'household.create',
  'person.create',
  'person.update',
  'person.move',
  'person.reveal',
  'person.export',
  'person.import',
  'registration.link',
  'registration.submit',
  'registration.reject',
  'registry.purge',
  'key_person.create',
  'isolation.create',
  'isolation.check',
  'isolation.extend',
  'isolation.transfer',
  'isolation.release',
  'isolation.follow_up',
  'isolation_site.create',
  'alert.resolve',
] as const;
