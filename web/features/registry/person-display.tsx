import { Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CareFlag, PersonDto } from '../../../domain/registry';
import { ageOn } from './person-format';

/** Care flags in colours the community sheets used: elderly and disabled first, they need visits. */
const FLAG_COLORS: Record<CareFlag, string> = {
  elderly_alone: 'volcano',
  disabled: 'purple',
  chronic_illness: 'magenta',
  pregnant: 'pink',
  child_without_carer: 'gold',
};

const tagStyle = { marginInlineEnd: 0 } as const;

export function CareFlagTag({ flag }: { flag: CareFlag }) {
  const { t } = useTranslation();
  return (
    <Tag color={FLAG_COLORS[flag]} style={tagStyle}>
      {t(`registry.careFlag.${flag}`)}
    </Tag>
  );
}

export function isReturnee(p: Pick<PersonDto, 'travelFrom' | 'returnedOn'>): boolean {
  return !!(p.travelFrom || p.returnedOn);
}

/** 返回人员, with where from and when in the tooltip (and in the tag on wide screens). */
export function ReturneeTag({ person, long }: { person: PersonDto; long?: boolean }) {
  const { t } = useTranslation();
  if (!isReturnee(person)) return null;
  const parts = [
    person.travelFrom ? t('registry.returneeFrom', { from: person.travelFrom }) : '',
    person.returnedOn ? t('registry.returnedOnShort', { date: person.returnedOn }) : '',
  ].filter(Boolean);
  const detail = parts.join(' · ');
  return (
    <Tooltip title={long ? undefined : detail}>
      <Tag color="orange" style={tagStyle} data-testid="returnee-tag">
        {t('registry.returnee')}
        {long && detail ? ` · ${detail}` : ''}
      </Tag>
    </Tooltip>
  );
}

/** All tags of a person: care flags, then the returnee tag. */
export function PersonTags({ person, long }: { person: PersonDto; long?: boolean }) {
  if (person.careFlags.length === 0 && !isReturnee(person)) return null;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {person.careFlags.map((f) => (
        <CareFlagTag key={f} flag={f} />
      ))}
      <ReturneeTag person={person} long={long} />
    </span>
  );
}

/** `女 · 76 岁`, or what is known of it. */
export function sexAge(t: TFunction, p: Pick<PersonDto, 'sex' | 'birthDate'>) {
  const age = p.birthDate ? ageOn(p.birthDate) : null;
  return [
    p.sex ? t(`registry.sex.${p.sex}`) : '',
    age !== null ? t('registry.age', { age: String(age) }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A masked identifier: monospaced so the stars line up, muted when there is none. */
export function MaskedText({ value, testId }: { value: string | null; testId?: string }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span
      data-testid={testId}
      style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', whiteSpace: 'nowrap' }}
    >
      {value}
    </span>
  );
}

/** A household named by its persons: `王秀英、李建国（2 人）`, or as empty. */
export function householdLabel(t: TFunction, h: { persons: Pick<PersonDto, 'name'>[] }): string {
  if (h.persons.length === 0) return t('registry.householdEmpty');
  return t('registry.move.householdOption', {
    names: h.persons.map((p) => p.name).join(t('registry.listSeparator')),
    count: h.persons.length,
  });
}
