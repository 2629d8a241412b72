import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf, text } from './common';
import { checkIdNumber, normalizeMobile } from './residents';

export const ID_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent',
  'other',
] as const;
export const IdType = z.enum(ID_TYPES);
export type IdType = z.infer<typeof IdType>;

export const SEXES = ['male', 'female'] as const;
export const Sex = z.enum(SEXES);

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandparent',
  'grandchild',
  'sibling',
  'other_relative',
  'tenant',
  'other',
] as const;
export const Relation = z.enum(RELATIONS);

export const RESIDENCE_STATUSES = ['permanent', 'tenant', 'temporary'] as const;
export const ResidenceStatus = z.enum(RESIDENCE_STATUSES);

export const CARE_FLAGS = [
  'elderly_alone',
  'disabled',
  'chronic_illness',
  'pregnant',
  'child_without_carer',
] as const;
export const CareFlag = z.enum(CARE_FLAGS);
export type CareFlag = z.infer<typeof CareFlag>;

export const TRANSPORTS = ['train', 'plane', 'car', 'bus', 'other'] as const;
export const Transport = z.enum(TRANSPORTS);

const Day = z.iso.date();

/** An ID number checked by its type: resident IDs by GB 11643, others by a loose passport shape. */
const idNumberIssue = (type: IdType, value: string): string | null => {
  if (type === 'resident_id') {
    const r = checkIdNumber(value);
    return r.ok ? null : `err.idNumber.${r.problem}`;
  }
  return /^[A-Za-z0-9-]{5,30}$/.test(value.trim()) ? null : 'err.idNumber.format';
};

/** The person's fields without defaults: what an update may name. */
const PersonFieldsBase = z.strictObject({
  name: text(50),
  idType: IdType,
  idNumber: z.string().trim().max(30),
  sex: Sex,
  birthDate: Day,
  phone: z.string().trim().max(30),
  relation: Relation,
  occupation: text(100),
  residenceStatus: ResidenceStatus,
  careFlags: z.array(CareFlag).max(CARE_FLAGS.length),
  travelFrom: text(100),
  returnedOn: Day,
  transport: Transport,
  notes: z.string().trim().max(500),
});

const PersonFields = PersonFieldsBase.extend({
  idType: IdType.default('resident_id'),
  idNumber: PersonFieldsBase.shape.idNumber.optional(),
  sex: Sex.optional(),
  birthDate: Day.optional(),
  phone: PersonFieldsBase.shape.phone.optional(),
  relation: Relation.optional(),
  occupation: text(100).optional(),
  residenceStatus: ResidenceStatus.default('permanent'),
  careFlags: PersonFieldsBase.shape.careFlags.default([]),
  travelFrom: text(100).optional(),
  returnedOn: Day.optional(),
  transport: Transport.optional(),
  notes: PersonFieldsBase.shape.notes.optional(),
});

/** Checks that need several fields: the ID number against its type, sex and birth date; the phone. */
export function refinePerson<T extends z.ZodType<z.infer<typeof PersonFields>>>(schema: T) {
  return schema.superRefine((p, ctx) => {
    if (p.idNumber && !p.idNumber.includes('*')) {
      const issue = idNumberIssue(p.idType, p.idNumber);
      if (issue) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: issue });
      else if (p.idType === 'resident_id') {
        const r = checkIdNumber(p.idNumber);
        if (r.ok && p.birthDate && p.birthDate !== r.birthDate) {
          ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'err.idNumber.birthMismatch' });
        }
        if (r.ok && p.sex && p.sex !== r.sex) {
          ctx.addIssue({ code: 'custom', path: ['sex'], message: 'err.idNumber.sexMismatch' });
        }
      }
    }
    if (p.phone && !p.phone.includes('*') && normalizeMobile(p.phone) === null) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'err.phone.mobile' });
    }
  });
}

export const PersonInput = refinePerson(PersonFields);
export type PersonInput = z.infer<typeof PersonInput>;

export const PERSON_SOURCES = ['staff', 'self', 'paper', 'import'] as const;
export const PersonSource = z.enum(PERSON_SOURCES);

/** A person as every screen sees them: ID number and phone masked by the server. */
export const PersonDto = z.object({
  id: Id,
  householdId: Id,
  roomId: Id,
  address: z.string(),
  name: z.string(),
  idType: IdType,
  idNumber: z.string().nullable(),
  sex: Sex.nullable(),
  birthDate: z.string().nullable(),
  phone: z.string().nullable(),
  relation: Relation.nullable(),
  occupation: z.string().nullable(),
  residenceStatus: ResidenceStatus,
  careFlags: z.array(CareFlag),
  travelFrom: z.string().nullable(),
  returnedOn: z.string().nullable(),
  transport: Transport.nullable(),
  notes: z.string().nullable(),
  source: PersonSource,
  createdAt: Instant,
  updatedAt: Instant,
});
export type PersonDto = z.infer<typeof PersonDto>;
export const PersonPage = pageOf(PersonDto).extend({
  /** The search matched more than `total` persons: show "total+" (counting them all is not worth it). */
  totalCapped: z.boolean().optional(),
});

export const PersonCreate = refinePerson(PersonFields.extend({ householdId: Id }));
export type PersonCreate = z.infer<typeof PersonCreate>;

/**
 * Every field optional and none defaulted, so an update changes only what it names; `null` clears an
 * optional field. A masked value (containing `*`) sent back leaves the stored one alone.
 */
const CLEARABLE = [
  'idNumber',
  'sex',
  'birthDate',
  'phone',
  'relation',
  'occupation',
  'travelFrom',
  'returnedOn',
  'transport',
  'notes',
] as const;
export const PersonUpdate = PersonFieldsBase.partial()
  .extend(
    Object.fromEntries(CLEARABLE.map((k) => [k, PersonFieldsBase.shape[k].nullable().optional()])) as {
      [K in (typeof CLEARABLE)[number]]: z.ZodOptional<z.ZodNullable<(typeof PersonFieldsBase.shape)[K]>>;
    },
  )
  .superRefine((p, ctx) => {
    if (p.idNumber && !p.idNumber.includes('*')) {
      const issue = idNumberIssue(p.idType ?? 'resident_id', p.idNumber);
      if (issue) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: issue });
    }
    if (p.phone && !p.phone.includes('*') && normalizeMobile(p.phone) === null) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'err.phone.mobile' });
    }
  });
export type PersonUpdate = z.infer<typeof PersonUpdate>;

export const PersonMove = z.strictObject({ householdId: Id, reason: text(200) });

export const HouseholdCreate = z.strictObject({
  /** The room (a `household` node of the grid). */
  roomId: Id,
  persons: z.array(refinePerson(PersonFields)).max(30).default([]),
});
export type HouseholdCreate = z.infer<typeof HouseholdCreate>;

/** Persons joining an existing household (`POST /api/households/:id/persons`): all or none. */
export const HouseholdPersonsAdd = z.strictObject({
  persons: z.array(refinePerson(PersonFields)).min(1).max(30),
});
export type HouseholdPersonsAdd = z.infer<typeof HouseholdPersonsAdd>;

export const HouseholdDto = z.object({
  id: Id,
  roomId: Id,
  address: z.string(),
  persons: z.array(PersonDto),
  createdAt: Instant,
});
export type HouseholdDto = z.infer<typeof HouseholdDto>;

export const PersonSearch = PageQuery.extend({
  q: z.string().trim().max(50).optional(),
  unit: Id.optional(),
  flag: CareFlag.optional(),
  returnedFrom: Day.optional(),
  returnedTo: Day.optional(),
  travelFrom: z.string().trim().max(50).optional(),
});
export type PersonSearch = z.infer<typeof PersonSearch>;

export const REVEAL_FIELDS = ['idNumber', 'phone'] as const;
export const RevealRequest = z.strictObject({ field: z.enum(REVEAL_FIELDS), reason: text(200) });
export const RevealResult = z.object({ field: z.enum(REVEAL_FIELDS), value: z.string().nullable() });

/** What a resident sends from the compound's QR page: the room, the household, and the consent. */
export const SelfRegistration = z.strictObject({
  roomId: Id,
  persons: z.array(refinePerson(PersonFields)).min(1).max(10),
  consent: z.literal(true, { message: 'err.registration.consent' }),
});
export type SelfRegistration = z.infer<typeof SelfRegistration>;

export const RegistrationForm = z.object({
  compound: z.string(),
  /** Who collects the data (named in the privacy notice): the compound's community and sub-district. */
  community: z.string().nullable(),
  subdistrict: z.string().nullable(),
  rooms: z.array(
    z.object({ id: Id, building: z.string(), entrance: z.string().nullable(), name: z.string() }),
  ),
});

export const RegistrationDto = z.object({
  id: Id,
  roomId: Id,
  address: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  /** Persons as submitted, masked; `duplicateOf` names a registered person with the same ID number. */
  persons: z.array(
    z.object({
      name: z.string(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      duplicateOf: Id.nullable(),
      duplicateElsewhere: z.boolean(),
      // The rest as typed, so a reviewer sees (and may correct) the whole household.
      idType: IdType,
      sex: Sex.nullable(),
      birthDate: z.string().nullable(),
      relation: Relation.nullable(),
      occupation: z.string().nullable(),
      residenceStatus: ResidenceStatus,
      careFlags: z.array(CareFlag),
      travelFrom: z.string().nullable(),
      returnedOn: z.string().nullable(),
      transport: Transport.nullable(),
      notes: z.string().nullable(),
    }),
  ),
  reviewNote: z.string().nullable(),
  householdId: Id.nullable(),
  createdAt: Instant,
});
export type RegistrationDto = z.infer<typeof RegistrationDto>;

export const RegistrationQuery = PageQuery.extend({
  unit: Id.optional(),
  status: z.enum(['pending', 'accepted', 'rejected']).default('pending'),
});

export const RegistrationReject = z.strictObject({ reason: text(200) });
/**
 * Staff may correct what the resident typed before accepting; without `persons` it is taken as sent.
 * A masked ID number or phone (as the queue shows them) stands for the value the resident sent.
 */
export const RegistrationAccept = z.strictObject({
  persons: z.array(refinePerson(PersonFields)).min(1).max(10).optional(),
});
