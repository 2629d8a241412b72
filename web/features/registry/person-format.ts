import type { IdType } from '../../../domain/registry';
import { checkIdNumber, normalizeMobile } from '../../../domain/residents';

/** Today in the viewer's time zone, as `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Full years between a birth date and today (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string = localToday()): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const age = today.slice(5) >= birthDate.slice(5) ? years : years - 1;
  return age >= 0 ? age : null;
}

/** `13800138000` → `138 0013 8000`, the way numbers are read out on the phone. */
export function groupMobile(digits: string): string {
  return digits.length === 11 ? `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}` : digits;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date typed quickly: `2020-01-21`, `2020/1/21`, `2020.1.21`, `20200121`, `2020年1月21日`, or a month
 * and day alone (`1-21`, `1.21`, `1月21日`) meaning the most recent such day up to today.
 * Returns `YYYY-MM-DD`, or null when it cannot be read.
 */
export function parseDay(raw: string, today: string = localToday()): string | null {
  const s = raw
    .trim()
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/日$/, '');
  let y: number;
  let m: number;
  let d: number;
  let full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (full) {
    [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
  } else {
    full = /^(\d{1,2})[-/.月](\d{1,2})$/.exec(s);
    if (!full) return null;
    [m, d] = [Number(full[1]), Number(full[2])];
    y = Number(today.slice(0, 4));
    if (`${y}-${pad(m)}-${pad(d)}` > today) y -= 1;
  }
  if (y < 1900 || y > 2100 || !isRealDate(y, m, d)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export type IdHint =
  | { kind: 'empty' }
  | { kind: 'typing'; count: number; birthDate?: string; sex?: 'male' | 'female' }
  | { kind: 'ok'; sex: 'male' | 'female'; birthDate: string }
  | { kind: 'masked' }
  | { kind: 'error'; key: 'err.idNumber.format' | 'err.idNumber.birthDate' | 'err.idNumber.checksum' }
  | { kind: 'docError' };

/**
 * What an ID number being typed tells already: after 14 digits the birth date, after 17 the sex, at 18
 * the check character (GB 11643, by the same rules as the server). Other document types get the loose
 * shape check the server applies.
 */
export function idHint(idType: IdType, raw: string, today: string = localToday()): IdHint {
  const v = raw.trim().toUpperCase();
  if (!v) return { kind: 'empty' };
  if (v.includes('*')) return { kind: 'masked' };
  if (idType !== 'resident_id') {
    return /^[A-Z0-9-]{5,30}$/.test(v) || (v.length < 5 && /^[A-Z0-9-]+$/.test(v))
      ? { kind: 'empty' }
      : { kind: 'docError' };
  }
  if (v.length >= 18) {
    const r = checkIdNumber(v, today);
    if (r.ok) return { kind: 'ok', sex: r.sex, birthDate: r.birthDate };
    return { kind: 'error', key: `err.idNumber.${r.problem}` };
  }
  if (!/^\d+$/.test(v)) return { kind: 'error', key: 'err.idNumber.format' };
  const hint: IdHint = { kind: 'typing', count: v.length };
  if (v.length >= 14) {
    const [y, m, d] = [Number(v.slice(6, 10)), Number(v.slice(10, 12)), Number(v.slice(12, 14))];
    const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
    if (y < 1850 || !isRealDate(y, m, d) || birth > today)
      return { kind: 'error', key: 'err.idNumber.birthDate' };
    hint.birthDate = birth;
  }
  if (v.length >= 17) hint.sex = Number(v[16]) % 2 === 1 ? 'male' : 'female';
  return hint;
}

export type PhoneHint =
  | { kind: 'empty' }
  | { kind: 'masked' }
  | { kind: 'typing'; count: number }
  | { kind: 'ok'; value: string }
  | { kind: 'error' };

/** The mobile number as it will be stored, or how far along the typing is. */
export function phoneHint(raw: string): PhoneHint {
  const v = raw.trim();
  if (!v) return { kind: 'empty' };
  if (v.includes('*')) return { kind: 'masked' };
  const normal = normalizeMobile(v);
  if (normal) return { kind: 'ok', value: normal };
  let s = v
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-\u2010-\u2015\u3000().（）]/g, '')
    .replace(/\uff0b/g, '+');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && /^\d{2,13}$/.test(s)) s = s.slice(2);
  else if (s === '8' || s === '+' || s === '+8' || s === '0' || s === '00' || s === '008')
    return { kind: 'typing', count: 0 };
  if (/^1\d{0,9}$/.test(s) || s === '') return { kind: 'typing', count: s.length };
  return { kind: 'error' };
}
