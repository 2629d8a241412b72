import i18n from '../../app/i18n';

type Lookup = (key: string) => string;
const lookup = (): Lookup => i18n.t.bind(i18n) as unknown as Lookup;

/** Translated label of an audit action key such as `unit.bulk`; an unknown key is shown as it is. */
export function actionLabel(action: string): string {
  const key = `auditAction.${action}`;
  return i18n.exists(key) ? lookup()(key) : action;
}

export function entityTypeLabel(type: string | null): string {
  if (!type) return '';
  const key = `entityType.${type}`;
  return i18n.exists(key) ? lookup()(key) : type;
}

/** `{"name":"1号楼","count":3}` → `name: 1号楼 · count: 3`, nested values as compact JSON. */
export function compactDetails(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
