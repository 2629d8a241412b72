import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf, text } from './common';
import { PERMISSIONS, Role } from './roles';
import { UnitType } from './units';

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, { message: 'err.user.username' });

export const PASSWORD_MIN = 10;

/** Long enough to resist guessing, and not something a colleague could guess from the username. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN, { message: 'err.password.short' })
  .max(200)
  .refine((p) => !/^\d+$/.test(p), { message: 'err.password.digitsOnly' })
  .refine((p) => new Set(p).size >= 4, { message: 'err.password.repetitive' });

export const LoginRequest = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z
  .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: NewPassword })
  .refine((r) => r.currentPassword !== r.newPassword, {
    path: ['newPassword'],
    message: 'err.password.same',
  });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const MeDto = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: Id,
  unitName: z.string(),
  unitType: UnitType,
  mustChangePassword: z.boolean(),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
});
export type MeDto = z.infer<typeof MeDto>;

export const UserDto = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: Id,
  unitName: z.string(),
  unitType: UnitType,
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: Instant.nullable(),
  createdAt: Instant,
});
export type UserDto = z.infer<typeof UserDto>;
export const UserPage = pageOf(UserDto);

export const UserListQuery = PageQuery.extend({
  unit: Id.optional(),
  role: Role.optional(),
  q: z.string().trim().max(50).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

/** Who may join the team watching persons of a node: `GET /api/users/team-candidates?unit=`. */
export const TeamCandidatesQuery = z.strictObject({ unit: Id });
export const TeamCandidateDto = z.object({
  id: Id,
  displayName: z.string(),
  role: Role,
  unitName: z.string(),
});
export type TeamCandidateDto = z.infer<typeof TeamCandidateDto>;

export const UserCreate = z.strictObject({
  username: Username,
  displayName: text(50),
  role: Role,
  unitId: Id,
  /** Optional: without it the server makes a random temporary password and returns it once. */
  password: NewPassword.optional(),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .strictObject({
    displayName: text(50).optional(),
    role: Role.optional(),
    unitId: Id.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'err.update.empty' });
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserCreated = z.object({ user: UserDto, temporaryPassword: z.string().nullable() });
export const PasswordReset = z.object({ temporaryPassword: z.string() });
