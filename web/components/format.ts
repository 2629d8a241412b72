import { currentLanguage } from '../app/i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const lang = currentLanguage();
  const key = `${lang}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'dateTime'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }
        : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** An instant in the viewer's time zone, e.g. 2026/03/05 14:03:09. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter('dateTime').format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(currentLanguage()).format(n);
}

/**
 * `t` for table-column builders: checking i18next's typed keys inside antd's column types makes tsc
 * give up ("type instantiation is excessively deep"), so column builders take keys as plain strings.
 * Pass `t as ColumnT`; every key they use is shown on their page, which the journeys open.
 */
export type ColumnT = (key: string, options?: Record<string, unknown>) => string;
