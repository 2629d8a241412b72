import type { TFunction } from 'i18next';
import type { DenyReason } from '../../../domain/checkpoints';
import { TEMPERATURE_MAX, TEMPERATURE_MIN } from '../../../domain/isolation';
import type { ShiftKey } from './gate-db';

export function formatTemperature(t: number | null | undefined): string {
  return t === null || t === undefined ? '' : `${t.toFixed(1)}℃`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `14:03:09`, in the device's zone (the guard's wall clock). */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function reasonText(
  t: TFunction,
  reason: DenyReason,
  ctx: { threshold: number; quota: { outings: number; days: number; per?: 'household' | 'person' } | null },
): string {
  if (reason === 'fever') return t('gate.reason.fever', { threshold: ctx.threshold.toFixed(1) });
  if (reason === 'quota_used' && ctx.quota)
    return t(ctx.quota.per === 'person' ? 'gate.reason.quotaUsedOfPerson' : 'gate.reason.quotaUsedOf', {
      outings: ctx.quota.outings,
      days: ctx.quota.days,
    });
  return t(`gate.reason.${reason}`);
}

/** Short words for the list and the verdict's headline. */
export function reasonShort(t: TFunction, reason: DenyReason): string {
  return t(`gate.reasonShort.${reason}`);
}

// ------------------------------------------------------------------ temperature typing

/**
 * One key of the temperature pad. The dot is added by itself after two digits (`3`,`6`,`5` → 36.5),
 * since a gloved finger misses it; one decimal at most.
 */
export function pressKey(raw: string, key: string): string {
  if (key === 'back') return raw.slice(0, -1);
  if (key === 'clear') return '';
  if (key === '.') return raw === '' || raw.includes('.') ? raw : `${raw}.`;
  if (!/^\d$/.test(key)) return raw;
  if (raw.includes('.')) return (raw.split('.')[1] ?? '').length >= 1 ? raw : `${raw}${key}`;
  if (raw.length >= 2) return `${raw}.${key}`;
  return `${raw}${key}`;
}

/** The typed temperature, or null while it is not a number of the form `36` / `36.5`. */
export function typedTemperature(raw: string): number | null {
  if (!/^\d{2}(\.\d?)?$/.test(raw)) return null;
  return Math.round(Number(raw.replace(/\.$/, '')) * 10) / 10;
}

export function temperatureInRange(t: number): boolean {
  return t >= TEMPERATURE_MIN && t <= TEMPERATURE_MAX;
}

export const TEMPERATURE_RANGE = { min: TEMPERATURE_MIN.toFixed(1), max: TEMPERATURE_MAX.toFixed(1) };

// ------------------------------------------------------------------ shifts

const SHIFT_START: Record<ShiftKey, number> = { morning: 6, afternoon: 14, night: 22 };

/** The shift that covers a wall-clock hour. */
export function shiftAt(hour: number): ShiftKey {
  if (hour >= 6 && hour < 14) return 'morning';
  if (hour >= 14 && hour < 22) return 'afternoon';
  return 'night';
}

/** When the current run of a shift began (device time), for the shift's counts. */
export function shiftStart(shift: ShiftKey, now = new Date()): number {
  const start = new Date(now);
  start.setHours(SHIFT_START[shift], 0, 0, 0);
  if (start.getTime() > now.getTime()) start.setDate(start.getDate() - 1);
  return start.getTime();
}

// ------------------------------------------------------------------ names

const chars = (s: string) => [...s.trim()];

/**
 * Whether a name typed at the gate fits a masked one from the sync (`王秀英` fits `王*英`; one
 * character matches the surname).
 */
export function nameFits(masked: string, typed: string): boolean {
  const m = chars(masked);
  const q = chars(typed);
  if (q.length === 0 || m.length === 0) return false;
  if (q.length === 1) return m[0] === q[0];
  if (q.length !== m.length || m[0] !== q[0]) return false;
  const last = m[m.length - 1];
  return last === '*' || last === q[q.length - 1];
}
