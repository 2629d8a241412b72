import { pinyin } from 'pinyin-pro';
import type { PersonInput } from '../../../domain/registry';
import { checkIdNumber, normalizeMobile } from '../../../domain/residents';
import type { PersonsTable } from '../../db/schema';
import { newId } from '../../lib/ids';

/** `张三丰` → `zsf`; surnames read as surnames (单 shan, 曾 zeng). */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .replace(/[^a-z]/gi, '')
    .toLowerCase();
}

export const flagsText = (flags: readonly string[]) =>
  flags.length ? `,${[...new Set(flags)].sort().join(',')},` : '';
export const flagsOf = (text: string) => text.split(',').filter(Boolean);

/**
 * The stored form of a person: ID upper-cased with its last six for search, sex and birth date read
 * from a resident ID when not given, the phone normalised. Input is already validated.
 */
export function personRow(
  input: PersonInput,
  household: { id: string; unit_path: string },
  source: string,
  now: string,
  id: string = newId(),
): PersonsTable {
  const idNumber = input.idNumber ? input.idNumber.trim().toUpperCase() : null;
  const fromId = idNumber && input.idType === 'resident_id' ? checkIdNumber(idNumber) : null;
  return {
    id,
    household_id: household.id,
    unit_path: household.unit_path,
    name: input.name,
    name_initials: nameInitials(input.name),
    id_type: input.idType,
    id_number: idNumber,
    id_tail: idNumber ? idNumber.slice(-6) : null,
    sex: input.sex ?? (fromId?.ok ? fromId.sex : null),
    birth_date: input.birthDate ?? (fromId?.ok ? fromId.birthDate : null),
    phone: input.phone ? normalizeMobile(input.phone) : null,
    relation: input.relation ?? null,
    occupation: input.occupation ?? null,
    residence_status: input.residenceStatus,
    care_flags: flagsText(input.careFlags),
    travel_from: input.travelFrom ?? null,
    returned_on: input.returnedOn ?? null,
    transport: input.transport ?? null,
    notes: input.notes ?? null,
    source,
    created_at: now,
    updated_at: now,
    anonymized_at: null,
  };
}
