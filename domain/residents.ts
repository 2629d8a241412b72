/**
 * Rules for personal identifiers, shared by the server, the web forms and the importers.
 * Pure functions, no I/O.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of a GB 11643 number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] as string;
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem };

/**
 * Checks a resident ID number (GB 11643-1999): 18 characters, a real birth date not in the future,
 * and the MOD 11-2 check character. Returns it upper-cased with the birth date and sex it encodes.
 */
export function checkIdNumber(
  raw: string,
  today: string = new Date().toISOString().slice(0, 10),
): IdNumberCheck {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (
    y < 1850 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    birthDate > today
  ) {
    return { ok: false, problem: 'birthDate' };
  }
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * Normalises a mainland mobile number the way people type it: spaces, dashes, full-width digits,
 * +86 / 0086 / 86 prefixes. Returns the 11 digits, or null when it is not a mobile number.
 */
export function normalizeMobile(raw: string): string | null {
  let s = raw.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  s = s.replace(/[\s\-\u2010-\u2015\u3000().（）]/g, '').replace(/\uff0b/g, '+');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

export const TEMPERATURE_MIN = 34.0;
export const TEMPERATURE_MAX = 43.0;
export const FEVER_THRESHOLD = 37.3;

/** A temperature outside 34.0–43.0 °C is a typing error, not a reading. */
export function isPlausibleTemperature(t: number): boolean {
  return Number.isFinite(t) && t >= TEMPERATURE_MIN && t <= TEMPERATURE_MAX;
}

export function isFever(t: number, threshold: number = FEVER_THRESHOLD): boolean {
  return t >= threshold;
}

/** `4101**********1234`: the first four and last four characters. */
export function maskIdNumber(v: string): string {
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** `138****5678`. */
export function maskPhone(v: string): string {
  if (v.length < 7) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}

export function isMasked(v: string): boolean {
  return v.includes('*');
}
