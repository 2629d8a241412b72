import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { message } from '../../../domain/messages';
import {
  CARE_FLAGS,
  type CareFlag,
  ID_TYPES,
  type IdType,
  type PersonInput,
  RELATIONS,
  RESIDENCE_STATUSES,
  TRANSPORTS,
} from '../../../domain/registry';
import { currentLanguage } from '../../app/i18n';
import { type EntryField, type EntryRow, newRow } from '../registry/entry-rows';
import { ageOn, groupMobile, idHint, localToday, phoneHint } from '../registry/person-format';

/** One household member as the resident types it. */
export interface SelfRow extends EntryRow {
  residenceStatus: PersonInput['residenceStatus'];
  travelled: boolean;
}

export function newSelfRow(first = false): SelfRow {
  return {
    ...newRow(),
    residenceStatus: 'permanent',
    travelled: false,
    ...(first ? { relation: 'head' } : {}),
  };
}

export type FieldErrors = Partial<Record<EntryField | 'row', string>>;

/** What the ID number and phone say while being typed: progress, what was read, or the mistake. */
function useHints(row: SelfRow) {
  const { t } = useTranslation();
  const locale = currentLanguage();
  const idh = idHint(row.idType, row.idNumber);
  let id: { text: string; error: boolean } | null = null;
  if (idh.kind === 'ok')
    id = {
      error: false,
      text: t('registry.hint.idOk', {
        sex: t(`registry.sex.${idh.sex}`),
        birth: idh.birthDate,
        age: String(ageOn(idh.birthDate) ?? 0),
      }),
    };
  else if (idh.kind === 'typing')
    id = {
      error: false,
      text: [
        t('registry.hint.idTyping', { count: idh.count }),
        idh.birthDate ? t('registry.hint.idBirth', { birth: idh.birthDate }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    };
  else if (idh.kind === 'error') id = { error: true, text: message(idh.key, locale) };
  else if (idh.kind === 'docError') id = { error: true, text: t('registry.hint.docFormat') };
  const ph = phoneHint(row.phone);
  let phone: { text: string; error: boolean } | null = null;
  if (ph.kind === 'ok')
    phone = { error: false, text: t('registry.hint.phoneOk', { phone: groupMobile(ph.value) }) };
  else if (ph.kind === 'typing')
    phone = { error: false, text: t('registry.hint.phoneTyping', { count: ph.count }) };
  else if (ph.kind === 'error') phone = { error: true, text: message('err.phone.mobile', locale) };
  return { id, phone };
}

export function PersonCard({
  index,
  row,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  row: SelfRow;
  errors: FieldErrors;
  onChange: (patch: Partial<SelfRow>) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const hints = useHints(row);
  const p = `selfreg-${index}`;
  // Live mistakes show at once; "not finished yet" waits until the resident tries to go on.
  const idError = hints.id?.error ? hints.id.text : errors.idNumber;
  const phoneError = hints.phone?.error ? hints.phone.text : errors.phone;
  const item = (error: string | undefined, hint?: { text: string } | null) => ({
    validateStatus: error ? ('error' as const) : undefined,
    help: error ?? hint?.text,
  });

  return (
    <Card
      size="small"
      title={t('selfreg.personN', { n: String(index + 1) })}
      extra={
        onRemove && (
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid={`${p}-remove`}>
            {t('selfreg.removePerson')}
          </Button>
        )
      }
      data-testid={p}
      styles={{ body: { paddingBottom: 4 } }}
    >
      <Form layout="vertical" component="div" requiredMark={false}>
        <Form.Item label={t('registry.field.name')} {...item(errors.name)} htmlFor={`${p}-name`}>
          <Input
            id={`${p}-name`}
            size="large"
            maxLength={50}
            autoComplete="off"
            placeholder={t('selfreg.namePlaceholder')}
            value={row.name}
            onChange={(e) => onChange({ name: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('registry.field.relation')} htmlFor={`${p}-relation`}>
          <Select
            id={`${p}-relation`}
            size="large"
            placeholder={t('common.select')}
            value={row.relation}
            onChange={(v) =>
              onChange({ relation: v, ...(v === 'tenant' ? { residenceStatus: 'tenant' } : {}) })
            }
            options={RELATIONS.map((r) => ({ value: r, label: t(`registry.relation.${r}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('registry.field.idType')} htmlFor={`${p}-idType`}>
          <Select<IdType>
            id={`${p}-idType`}
            size="large"
            value={row.idType}
            onChange={(v) => onChange({ idType: v })}
            options={ID_TYPES.map((k) => ({ value: k, label: t(`registry.idType.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={`${t('registry.field.idNumber')}（${t('selfreg.optional')}）`}
          {...item(idError, hints.id)}
          htmlFor={`${p}-idNumber`}
        >
          <Input
            id={`${p}-idNumber`}
            size="large"
            maxLength={30}
            autoComplete="off"
            autoCapitalize="characters"
            inputMode={row.idType === 'resident_id' ? 'text' : undefined}
            placeholder={
              row.idType === 'resident_id' ? t('selfreg.idPlaceholder') : t('selfreg.docPlaceholder')
            }
            value={row.idNumber}
            onChange={(e) => onChange({ idNumber: e.target.value })}
            data-testid={`${p}-idNumber`}
          />
        </Form.Item>
        <Form.Item
          label={`${t('registry.field.phone')}（${t('selfreg.optional')}）`}
          {...item(phoneError, hints.phone)}
          htmlFor={`${p}-phone`}
        >
          <Input
            id={`${p}-phone`}
            size="large"
            type="tel"
            inputMode="tel"
            maxLength={30}
            autoComplete="tel"
            placeholder={t('selfreg.phonePlaceholder')}
            value={row.phone}
            onChange={(e) => onChange({ phone: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('registry.field.residenceStatus')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            value={row.residenceStatus}
            onChange={(e) => onChange({ residenceStatus: e.target.value })}
            options={RESIDENCE_STATUSES.map((s) => ({ value: s, label: t(`registry.residenceStatus.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('registry.field.careFlags')} extra={t('selfreg.careFlagsHint')}>
          <Checkbox.Group<CareFlag>
            value={row.careFlags}
            onChange={(v) => onChange({ careFlags: v })}
            style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 16px' }}
            options={CARE_FLAGS.map((f) => ({ value: f, label: t(`registry.careFlag.${f}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('selfreg.travel')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            value={row.travelled}
            onChange={(e) => onChange({ travelled: e.target.value })}
            options={[
              { value: false, label: t('selfreg.travelNo') },
              { value: true, label: t('selfreg.travelYes') },
            ]}
            data-testid={`${p}-travelled`}
          />
        </Form.Item>
        {row.travelled && (
          <>
            <Form.Item label={t('registry.field.travelFrom')} htmlFor={`${p}-travelFrom`}>
              <Input
                id={`${p}-travelFrom`}
                size="large"
                maxLength={100}
                placeholder={t('selfreg.travelFromPlaceholder')}
                value={row.travelFrom}
                onChange={(e) => onChange({ travelFrom: e.target.value })}
              />
            </Form.Item>
            <Form.Item
              label={t('registry.field.returnedOn')}
              {...item(errors.returnedOn)}
              htmlFor={`${p}-returnedOn`}
            >
              <Input
                id={`${p}-returnedOn`}
                size="large"
                type="date"
                max={localToday()}
                value={row.returnedOn}
                onChange={(e) => onChange({ returnedOn: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('registry.field.transport')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                value={row.transport}
                onChange={(e) => onChange({ transport: e.target.value })}
                options={TRANSPORTS.map((k) => ({ value: k, label: t(`registry.transport.${k}`) }))}
                style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8 }}
              />
            </Form.Item>
          </>
        )}
        {errors.row && (
          <Typography.Paragraph type="danger" data-testid={`${p}-row-error`}>
            {errors.row}
          </Typography.Paragraph>
        )}
      </Form>
    </Card>
  );
}
