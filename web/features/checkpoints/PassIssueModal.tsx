import { SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Switch,
  Typography,
  theme,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_PASS_DAYS,
  MAX_PASS_UNITS,
  type PassCreate,
  type PassDto,
  type PassKind,
} from '../../../domain/checkpoints';
import type { PersonDto } from '../../../domain/registry';
import { ApiError } from '../../app/api/client';
import { applyProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { MaskedText, sexAge } from '../registry/person-display';
import { useCompoundSearch, useHousehold, usePerson } from '../registry/registry.api';
import { useIssuePass, usePersonLookup } from './checkpoints.api';

type FormValues = {
  kind: PassKind;
  personId?: string;
  worker: 'resident' | 'outsider';
  holderName?: string;
  holderPhone?: string;
  employer?: string;
  unitIds?: string[];
  validity: [Dayjs, Dayjs];
  exception: boolean;
  note?: string;
};

const FIELDS = [
  'kind',
  'householdId',
  'personId',
  'holderName',
  'holderPhone',
  'employer',
  'unitIds',
  'validFrom',
  'validTo',
  'exception',
  'note',
];

/** Where a server field lands on this form (the two days share one picker). */
const FORM_FIELD: Record<string, string> = {
  householdId: 'personId',
  validFrom: 'validity',
  validTo: 'validity',
};

/**
 * 办理出入证: for a household (every member), a person, or a worker with an employer (a resident, or
 * someone from outside with a name and phone); valid in the holder's compound unless others are
 * named, for a range of days; optionally an authorised exception for a sealed compound. A holder who
 * already has a current pass of the kind is told so, and may have it replaced in one step.
 */
export function PassIssueModal({
  personId: presetPersonId,
  kind: presetKind,
  onIssued,
  onClose,
}: {
  personId?: string;
  kind?: PassKind;
  onIssued: (pass: PassDto) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const issue = useIssuePass();
  const [q, setQ] = useState('');
  const lookup = usePersonLookup(q);
  const preset = usePerson(presetPersonId);
  const [picked, setPicked] = useState<PersonDto | undefined>();
  const [compoundQ, setCompoundQ] = useState('');
  const compounds = useCompoundSearch(compoundQ, true);
  const [banner, setBanner] = useState<string | null>(null);
  const [exists, setExists] = useState(false);

  const kind = Form.useWatch('kind', form) ?? presetKind ?? 'household';
  const worker = Form.useWatch('worker', form) ?? 'resident';
  const outsider = kind === 'worker' && worker === 'outsider';
  const person = picked ?? (presetPersonId ? preset.data : undefined);
  const household = useHousehold(kind === 'household' ? person?.householdId : undefined);
  const today = dayjs().startOf('day');

  const personOptions = useMemo(
    () => (lookup.data?.items ?? []).map((p) => ({ value: p.id, label: p.name, person: p })),
    [lookup.data],
  );
  const [compoundLabels, setCompoundLabels] = useState<Map<string, string>>(() => new Map());
  const compoundOptions = useMemo(
    () =>
      (compounds.data?.items ?? []).map((u) => ({
        value: u.id,
        label: u.name,
      })),
    [compounds.data],
  );

  const submit = async (v: FormValues, replace = false) => {
    setBanner(null);
    setExists(false);
    if (!outsider && !person) {
      form.setFields([{ name: 'personId', errors: [t('checkpoints.issue.pickPerson')] }]);
      return;
    }
    const body: PassCreate = {
      kind: v.kind,
      ...(v.kind === 'household' ? { householdId: person?.householdId } : {}),
      ...(v.kind !== 'household' && !outsider ? { personId: person?.id } : {}),
      ...(outsider
        ? { holderName: v.holderName?.trim(), holderPhone: v.holderPhone?.trim() || undefined }
        : {}),
      ...(v.kind === 'worker' ? { employer: v.employer?.trim() } : {}),
      ...(v.unitIds && v.unitIds.length > 0 ? { unitIds: v.unitIds } : {}),
      validFrom: v.validity[0].format('YYYY-MM-DD'),
      validTo: v.validity[1].format('YYYY-MM-DD'),
      exception: v.exception,
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      replace,
    } as PassCreate;
    try {
      const pass = await issue.mutateAsync(body);
      onIssued(pass);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'pass.exists') {
        setExists(true);
        setBanner(t('checkpoints.issue.exists'));
        return;
      }
      if (error instanceof ApiError) {
        // The server names its fields; the form groups some of them.
        const mapped = new ApiError(
          error.status,
          error.message,
          error.problem && {
            ...error.problem,
            errors: error.fieldErrors.map((e) => ({ ...e, field: FORM_FIELD[e.field] ?? e.field })),
          },
        );
        setBanner(
          applyProblem(
            form,
            mapped,
            FIELDS.map((f) => FORM_FIELD[f] ?? f),
            t('error.network'),
          ),
        );
        return;
      }
      setBanner(applyProblem(form, error, FIELDS, t('error.network')));
    }
  };

  const personCard = person && (
    <div
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: '8px 12px',
        display: 'grid',
        gap: 2,
        background: token.colorFillQuaternary,
        marginBottom: 16,
      }}
      data-testid="pass-holder"
    >
      <span>
        <strong style={{ fontSize: 16 }}>{person.name}</strong>{' '}
        <Typography.Text type="secondary">{sexAge(t, person)}</Typography.Text>
      </span>
      <Typography.Text type="secondary">{person.address}</Typography.Text>
      {kind === 'household' ? (
        <span style={{ fontSize: 13 }} data-testid="pass-household-members">
          {household.isPending
            ? t('common.loading')
            : household.isError
              ? t('checkpoints.issue.householdFailed')
              : t('checkpoints.issue.members', {
                  count: household.data.persons.length,
                  names: household.data.persons.map((p) => p.name).join(t('checkpoints.listSeparator')),
                })}
        </span>
      ) : (
        <span style={{ display: 'flex', gap: 12, fontSize: 13 }}>
          {person.idNumber && <MaskedText value={person.idNumber} />}
          {person.phone && <MaskedText value={person.phone} />}
        </span>
      )}
    </div>
  );

  const size = isMobile ? 'large' : 'middle';
  const presets = [7, 14, 30, 60].map((days) => ({
    label: t('checkpoints.issue.days', { count: days }),
    value: [today, today.add(days - 1, 'day')] as [Dayjs, Dayjs],
  }));

  return (
    <Modal
      open
      title={t('checkpoints.issue.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('checkpoints.issue.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={issue.isPending}
      okButtonProps={{ size }}
      cancelButtonProps={{ size }}
      destroyOnHidden
      width={isMobile ? '100%' : 680}
      style={isMobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid="pass-issue-dialog">
        {banner && (
          <Alert
            type={exists ? 'warning' : 'error'}
            showIcon
            title={banner}
            description={exists ? t('checkpoints.issue.existsHint') : undefined}
            style={{ marginBottom: 16 }}
            action={
              exists ? (
                <Button
                  danger
                  loading={issue.isPending}
                  onClick={() => void form.validateFields().then((v) => submit(v, true))}
                  data-testid="pass-replace"
                >
                  {t('checkpoints.issue.replace')}
                </Button>
              ) : undefined
            }
            data-testid="pass-issue-error"
          />
        )}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={issue.isPending}
          initialValues={{
            kind: presetKind ?? 'household',
            worker: 'resident',
            validity: [today, today.add(13, 'day')],
            exception: false,
          }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => {
            if (exists) {
              setExists(false);
              setBanner(null);
            }
          }}
        >
          <Form.Item
            name="kind"
            label={t('checkpoints.field.passKind')}
            extra={t(`checkpoints.issue.kindHint.${kind}`)}
          >
            <Segmented
              size={size}
              block={isMobile}
              options={(['household', 'person', 'worker'] as const).map((k) => ({
                value: k,
                label: t(`checkpoints.passKind.${k}`),
              }))}
              data-testid="pass-kind"
            />
          </Form.Item>
          {kind === 'worker' && (
            <Form.Item name="worker">
              <Radio.Group
                optionType="button"
                size={size}
                options={[
                  { value: 'resident', label: t('checkpoints.issue.workerResident') },
                  { value: 'outsider', label: t('checkpoints.issue.workerOutsider') },
                ]}
              />
            </Form.Item>
          )}
          {outsider ? (
            <div
              style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 }}
            >
              <Form.Item
                name="holderName"
                label={t('checkpoints.issue.holderName')}
                rules={[
                  { required: true, whitespace: true, message: t('checkpoints.issue.holderNameNeeded') },
                  { max: 50, message: t('common.tooLong', { max: '50' }) },
                ]}
              >
                <Input size={size} maxLength={50} />
              </Form.Item>
              <Form.Item name="holderPhone" label={t('checkpoints.issue.holderPhone')}>
                <Input size={size} maxLength={30} inputMode="tel" />
              </Form.Item>
            </div>
          ) : presetPersonId && !picked ? (
            preset.isError ? (
              <Alert
                type="error"
                showIcon
                title={t('checkpoints.issue.personMissing')}
                style={{ marginBottom: 16 }}
              />
            ) : (
              personCard || (
                <Typography.Paragraph type="secondary">{t('common.loading')}</Typography.Paragraph>
              )
            )
          ) : (
            <>
              <Form.Item
                name="personId"
                label={
                  kind === 'household' ? t('checkpoints.issue.householdOf') : t('checkpoints.issue.person')
                }
                extra={t('checkpoints.issue.personHint')}
              >
                <Select
                  showSearch={{ filterOption: false, onSearch: setQ }}
                  suffixIcon={<SearchOutlined />}
                  size={size}
                  placeholder={t('checkpoints.issue.personPlaceholder')}
                  loading={lookup.isFetching}
                  notFoundContent={
                    q.trim() ? t('checkpoints.issue.personNone') : t('checkpoints.issue.personType')
                  }
                  options={personOptions}
                  optionRender={(o) => {
                    const p = (o.data as { person: PersonDto }).person;
                    return (
                      <div style={{ display: 'grid', lineHeight: 1.35 }}>
                        <span>
                          <strong>{p.name}</strong>{' '}
                          <Typography.Text type="secondary">{sexAge(t, p)}</Typography.Text>
                        </span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {p.address}
                        </Typography.Text>
                      </div>
                    );
                  }}
                  onChange={(id: string) => setPicked(lookup.data?.items.find((x) => x.id === id))}
                  data-testid="pass-person"
                />
              </Form.Item>
              {personCard}
            </>
          )}
          {kind === 'worker' && (
            <Form.Item
              name="employer"
              label={t('checkpoints.issue.employer')}
              extra={t('checkpoints.issue.employerHint')}
              rules={[
                { required: true, whitespace: true, message: t('checkpoints.issue.employerNeeded') },
                { max: 100, message: t('common.tooLong', { max: '100' }) },
              ]}
            >
              <Input size={size} maxLength={100} />
            </Form.Item>
          )}
          <Form.Item
            name="unitIds"
            label={t('checkpoints.issue.units')}
            extra={outsider ? t('checkpoints.issue.unitsNeededHint') : t('checkpoints.issue.unitsHint')}
            rules={
              outsider
                ? [{ required: true, type: 'array', min: 1, message: t('checkpoints.issue.unitsNeeded') }]
                : []
            }
          >
            <Select
              mode="multiple"
              size={size}
              maxCount={MAX_PASS_UNITS}
              showSearch={{ filterOption: false, onSearch: setCompoundQ }}
              placeholder={outsider ? t('checkpoints.issue.unitsPick') : t('checkpoints.issue.unitsDefault')}
              loading={compounds.isFetching}
              options={[
                ...compoundOptions,
                // Picked compounds stay labelled when the search moves on.
                ...[...compoundLabels]
                  .filter(([id]) => !compoundOptions.some((o) => o.value === id))
                  .map(([value, label]) => ({ value, label })),
              ]}
              onChange={(ids: string[]) =>
                setCompoundLabels((m) => {
                  const next = new Map(m);
                  for (const id of ids) {
                    const o = compoundOptions.find((c) => c.value === id);
                    if (o) next.set(id, o.label);
                  }
                  return next;
                })
              }
              notFoundContent={t('checkpoints.issue.unitsNone')}
              data-testid="pass-units"
            />
          </Form.Item>
          <Form.Item
            name="validity"
            label={t('checkpoints.issue.validity')}
            extra={t('checkpoints.issue.validityHint', { max: String(MAX_PASS_DAYS) })}
            rules={[
              { required: true, message: t('checkpoints.issue.validityNeeded') },
              {
                validator: async (_r, v: [Dayjs, Dayjs] | undefined) => {
                  if (v && v[1].diff(v[0], 'day') + 1 > MAX_PASS_DAYS)
                    throw new Error(t('checkpoints.issue.tooLong', { max: String(MAX_PASS_DAYS) }));
                },
              },
            ]}
          >
            <DatePicker.RangePicker
              size={size}
              allowClear={false}
              presets={presets}
              inputReadOnly={isMobile}
              disabledDate={(d) => d.isBefore(today) || d.isAfter(today.add(31 + MAX_PASS_DAYS, 'day'))}
              style={{ width: isMobile ? '100%' : 320 }}
              data-testid="pass-validity"
            />
          </Form.Item>
          <Form.Item
            name="exception"
            valuePropName="checked"
            label={t('checkpoints.pass.exception')}
            extra={t('checkpoints.issue.exceptionHint')}
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('checkpoints.field.note')}
            rules={[{ max: 200, message: t('common.tooLong', { max: '200' }) }]}
          >
            <Input.TextArea maxLength={200} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
