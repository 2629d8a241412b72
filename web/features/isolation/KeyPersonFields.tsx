import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../../domain/auth';
import { KEY_PERSON_CATEGORIES, type KeyPersonCategory } from '../../../domain/isolation';
import { TRANSPORTS } from '../../../domain/registry';
import { hasPermission } from '../auth/auth.api';
import { useTeamCandidates } from './isolation.api';

/**
 * The parts of the key-person form shared by "put under watch" and "edit": the category's own details
 * (origin and arrival for a returnee, flight and pickup for an overseas arrival, the case and last
 * exposure for a close contact…) and the team (四包一专班).
 */

type FieldKind = 'text' | 'date' | 'transport';
type DetailField = { name: string; kind: FieldKind; required: boolean; max?: number };

export const DETAIL_FIELDS: Record<KeyPersonCategory, DetailField[]> = {
  risk_area_returnee: [
    { name: 'origin', kind: 'text', required: true, max: 100 },
    { name: 'arrivedOn', kind: 'date', required: true },
    { name: 'transport', kind: 'transport', required: false },
    { name: 'trainOrFlight', kind: 'text', required: false, max: 30 },
  ],
  overseas_arrival: [
    { name: 'origin', kind: 'text', required: true, max: 100 },
    { name: 'flight', kind: 'text', required: true, max: 20 },
    { name: 'arrivedOn', kind: 'date', required: true },
    { name: 'port', kind: 'text', required: false, max: 50 },
    { name: 'pickupBy', kind: 'text', required: false, max: 100 },
  ],
  close_contact: [
    { name: 'lastExposureOn', kind: 'date', required: true },
    { name: 'caseRef', kind: 'text', required: false, max: 100 },
  ],
  fever_patient: [
    { name: 'onsetOn', kind: 'date', required: true },
    { name: 'clinic', kind: 'text', required: false, max: 100 },
  ],
  suspected: [
    { name: 'reportedOn', kind: 'date', required: true },
    { name: 'hospital', kind: 'text', required: false, max: 100 },
  ],
  confirmed: [
    { name: 'confirmedOn', kind: 'date', required: true },
    { name: 'hospital', kind: 'text', required: false, max: 100 },
  ],
  recovered: [
    { name: 'dischargedOn', kind: 'date', required: true },
    { name: 'hospital', kind: 'text', required: false, max: 100 },
  ],
};

/** Every field path the server may name, for routing its problems to the form. */
export const DETAIL_FIELD_PATHS = [
  ...new Set(Object.values(DETAIL_FIELDS).flatMap((fs) => fs.map((f) => `details.${f.name}`))),
];

export type DetailsForm = Record<string, string | Dayjs | undefined>;

/** Form values → the API's details: dates as `YYYY-MM-DD`, empty optional fields left out. */
export function detailsFromForm(
  category: KeyPersonCategory,
  v: DetailsForm | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of DETAIL_FIELDS[category]) {
    const value = v?.[f.name];
    if (value === undefined || value === null || value === '') continue;
    out[f.name] = dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : String(value).trim();
    if (out[f.name] === '') delete out[f.name];
  }
  return out;
}

/** Stored details → form values (dates as dayjs). */
export function detailsToForm(category: KeyPersonCategory, details: Record<string, unknown>): DetailsForm {
  const out: DetailsForm = {};
  for (const f of DETAIL_FIELDS[category]) {
    const v = details[f.name];
    if (typeof v !== 'string') continue;
    out[f.name] = f.kind === 'date' ? dayjs(v) : v;
  }
  return out;
}

export function CategorySelect({
  id,
  ...props
}: {
  id?: string;
  value?: KeyPersonCategory;
  onChange?: (c: KeyPersonCategory) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select<KeyPersonCategory>
      id={id}
      {...props}
      placeholder={t('common.select')}
      options={KEY_PERSON_CATEGORIES.map((c) => ({ value: c, label: t(`isolation.category.${c}`) }))}
      data-testid="key-person-category"
    />
  );
}

/** The fields of one category's details, as `details.<name>` of the surrounding form. */
export function CategoryDetailsFields({
  category,
  columns = 2,
}: {
  category: KeyPersonCategory;
  columns?: number;
}) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, columnGap: 12 }}
    >
      {DETAIL_FIELDS[category].map((f) => (
        <Form.Item
          key={`${category}.${f.name}`}
          name={['details', f.name]}
          label={t(`isolation.details.${f.name}` as 'isolation.details.origin')}
          rules={[
            ...(f.required ? [{ required: true, message: t('common.required') }] : []),
            ...(f.max ? [{ max: f.max, message: t('common.tooLong', { max: String(f.max) }) }] : []),
          ]}
        >
          {f.kind === 'date' ? (
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              data-testid={`details-${f.name}`}
            />
          ) : f.kind === 'transport' ? (
            <Select
              allowClear
              placeholder={t('common.select')}
              options={TRANSPORTS.map((x) => ({ value: x, label: t(`registry.transport.${x}`) }))}
            />
          ) : (
            <Input
              maxLength={f.max}
              placeholder={t(
                `isolation.detailsPlaceholder.${f.name}` as 'isolation.detailsPlaceholder.origin',
              )}
              data-testid={`details-${f.name}`}
            />
          )}
        </Form.Item>
      ))}
    </div>
  );
}

export type TeamOption = { id: string; displayName: string; role?: string };

/**
 * The team's accounts: whoever records checks and is bound at the person's room or above it (the
 * server's team-candidates list), plus whoever is on the team already.
 */
export function TeamSelect({
  me,
  unitId,
  value,
  onChange,
  known = [],
  id,
}: {
  me: MeDto;
  /** The person's room (or, before one is picked, the account's own node). */
  unitId: string | undefined;
  value?: string[];
  onChange?: (ids: string[]) => void;
  known?: readonly TeamOption[];
  id?: string;
}) {
  const { t } = useTranslation();
  const candidates = useTeamCandidates(unitId);
  const options = new Map<string, TeamOption>();
  if (hasPermission(me, 'isolation.write'))
    options.set(me.id, { id: me.id, displayName: me.displayName, role: me.role });
  for (const k of known) options.set(k.id, k);
  for (const u of candidates.data?.items ?? [])
    options.set(u.id, { id: u.id, displayName: `${u.displayName}（${u.unitName}）`, role: u.role });
  const label = (o: TeamOption) =>
    `${o.displayName}${o.id === me.id ? t('users.self') : ''}${o.role ? ` · ${t(`role.${o.role}` as 'role.grid_worker')}` : ''}`;
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      maxCount={10}
      showSearch={{ filterOption: (input, o) => String(o?.label ?? '').includes(input) }}
      loading={candidates.isFetching}
      placeholder={t('isolation.team.placeholder')}
      options={[...options.values()].map((o) => ({ value: o.id, label: label(o) }))}
      notFoundContent={t('common.empty')}
      data-testid="key-person-team"
    />
  );
}
