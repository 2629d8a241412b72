import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, App, Checkbox, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, theme } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { message as domainMessage } from '../../../domain/messages';
import {
  CARE_FLAGS,
  type CareFlag,
  ID_TYPES,
  type IdType,
  type PersonCreate,
  type PersonDto,
  type PersonUpdate,
  RELATIONS,
  RESIDENCE_STATUSES,
  SEXES,
  TRANSPORTS,
} from '../../../domain/registry';
import { ApiError } from '../../app/api/client';
import { currentLanguage } from '../../app/i18n';
import { useFormProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { ageOn, groupMobile, idHint, phoneHint } from './person-format';
import { useCreatePerson, useUpdatePerson } from './registry.api';

type Sex = (typeof SEXES)[number];

interface Values {
  name: string;
  idType: IdType;
  idNumber?: string;
  sex?: Sex;
  birthDate?: Dayjs | null;
  phone?: string;
  relation?: PersonDto['relation'];
  occupation?: string;
  residenceStatus: PersonDto['residenceStatus'];
  careFlags: CareFlag[];
  travelFrom?: string;
  returnedOn?: Dayjs | null;
  transport?: PersonDto['transport'];
  notes?: string;
}

const FIELDS = [
  'name',
  'idType',
  'idNumber',
  'sex',
  'birthDate',
  'phone',
  'relation',
  'occupation',
  'residenceStatus',
  'careFlags',
  'travelFrom',
  'returnedOn',
  'transport',
  'notes',
] as const;

type Props = { onClose: () => void } & (
  | { mode: 'create'; householdId: string; title: string }
  | { mode: 'edit'; person: PersonDto }
);

const trimmed = (v: string | undefined) => (v ?? '').trim();
const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : '');

/**
 * A person's full record. In edit mode the masked ID number and phone are shown as they are and sent
 * back untouched (the server ignores a masked value); typing a full number replaces it.
 */
export function PersonFormModal(props: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const create = useCreatePerson();
  const update = useUpdatePerson();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const [existingId, setExistingId] = useState<string | undefined>();
  const editing = props.mode === 'edit' ? props.person : null;
  const locale = currentLanguage();

  const idType = Form.useWatch('idType', form) ?? editing?.idType ?? 'resident_id';
  const idNumber = Form.useWatch('idNumber', form) ?? '';
  const phone = Form.useWatch('phone', form) ?? '';
  const idh = idHint(idType, idNumber);
  const ph = phoneHint(phone);
  // A resident ID number tells sex and birth date; the fields follow it and are not typed.
  const derived = idType === 'resident_id' && (idh.kind === 'ok' || idh.kind === 'masked');

  const readSex = idh.kind === 'ok' && idType === 'resident_id' ? idh.sex : undefined;
  const readBirth = idh.kind === 'ok' && idType === 'resident_id' ? idh.birthDate : undefined;
  useEffect(() => {
    if (readSex && readBirth) form.setFieldsValue({ sex: readSex, birthDate: dayjs(readBirth) });
  }, [readSex, readBirth, form]);

  const initial: Values = editing
    ? {
        name: editing.name,
        idType: editing.idType,
        idNumber: editing.idNumber ?? undefined,
        sex: editing.sex ?? undefined,
        birthDate: editing.birthDate ? dayjs(editing.birthDate) : null,
        phone: editing.phone ?? undefined,
        relation: editing.relation,
        occupation: editing.occupation ?? undefined,
        residenceStatus: editing.residenceStatus,
        careFlags: editing.careFlags,
        travelFrom: editing.travelFrom ?? undefined,
        returnedOn: editing.returnedOn ? dayjs(editing.returnedOn) : null,
        transport: editing.transport,
        notes: editing.notes ?? undefined,
      }
    : { name: '', idType: 'resident_id', residenceStatus: 'permanent', careFlags: [] };

  const idRule: Rule = {
    validator: async (_r, value: string | undefined) => {
      // A masked value is kept only as it came: a changed one would be ignored by the server.
      if (value?.includes('*') && value !== editing?.idNumber)
        throw new Error(t('registry.edit.maskedChanged'));
      const h = idHint(form.getFieldValue('idType') ?? 'resident_id', value ?? '');
      if (h.kind === 'error') throw new Error(domainMessage(h.key, locale));
      if (h.kind === 'typing') throw new Error(domainMessage('err.idNumber.format', locale));
      if (h.kind === 'docError') throw new Error(t('registry.hint.docFormat'));
    },
  };
  const phoneRule: Rule = {
    validator: async (_r, value: string | undefined) => {
      if (value?.includes('*') && value !== editing?.phone) throw new Error(t('registry.edit.maskedChanged'));
      const h = phoneHint(value ?? '');
      if (h.kind === 'error' || h.kind === 'typing')
        throw new Error(domainMessage('err.phone.mobile', locale));
    },
  };

  const onFinish = (v: Values) => {
    problem.clear();
    setExistingId(undefined);
    const onError = (error: unknown) => {
      problem.onError(error);
      if (error instanceof ApiError) setExistingId(error.problem?.existingId);
    };
    // Every field as the form has it: `null` for an optional one left empty.
    const all = {
      name: v.name.trim(),
      idType: v.idType,
      idNumber: trimmed(v.idNumber) ? trimmed(v.idNumber).toUpperCase() : null,
      // Read from a resident ID by the server; sent only where they are typed.
      sex: derived ? undefined : (v.sex ?? null),
      birthDate: derived ? undefined : v.birthDate ? day(v.birthDate) : null,
      phone: trimmed(v.phone) || null,
      relation: v.relation ?? null,
      occupation: trimmed(v.occupation) || null,
      residenceStatus: v.residenceStatus,
      careFlags: v.careFlags ?? [],
      travelFrom: trimmed(v.travelFrom) || null,
      returnedOn: v.returnedOn ? day(v.returnedOn) : null,
      transport: v.transport ?? null,
      notes: trimmed(v.notes) || null,
    };
    if (props.mode === 'create') {
      const given = Object.fromEntries(Object.entries(all).filter(([, x]) => x !== null && x !== undefined));
      const body = { householdId: props.householdId, ...given } as PersonCreate;
      create.mutate(body, {
        onSuccess: (p) => {
          void message.success(t('registry.household.added', { name: p.name }));
          props.onClose();
        },
        onError,
      });
      return;
    }
    const person = props.person;
    // Only what changed is named: the server leaves the rest alone, and `null` empties a field.
    const same = (k: keyof typeof all) =>
      k === 'careFlags'
        ? [...all.careFlags].sort().join() === [...person.careFlags].sort().join()
        : all[k] === person[k];
    const body = Object.fromEntries(
      (Object.keys(all) as (keyof typeof all)[])
        .filter((k) => all[k] !== undefined && !same(k))
        .map((k) => [k, all[k]]),
    ) as PersonUpdate;
    if (Object.keys(body).length === 0) {
      props.onClose();
      return;
    }
    update.mutate(
      { id: person.id, body },
      {
        onSuccess: () => {
          void message.success(t('registry.edit.saved'));
          props.onClose();
        },
        onError,
      },
    );
  };

  let idExtra: React.ReactNode = null;
  if (idh.kind === 'ok')
    idExtra = t('registry.hint.idOk', {
      sex: t(`registry.sex.${idh.sex}`),
      birth: idh.birthDate,
      age: String(ageOn(idh.birthDate) ?? 0),
    });
  else if (idh.kind === 'typing') idExtra = t('registry.hint.idTyping', { count: idh.count });
  else if (idh.kind === 'masked') idExtra = t('registry.hint.idMasked');
  else if (idh.kind === 'error')
    // A wrong check character shows at once, before the field is left.
    idExtra = <span style={{ color: token.colorError }}>{domainMessage(idh.key, locale)}</span>;
  let phoneExtra: React.ReactNode = null;
  if (ph.kind === 'ok') phoneExtra = t('registry.hint.phoneOk', { phone: groupMobile(ph.value) });
  else if (ph.kind === 'typing') phoneExtra = t('registry.hint.phoneTyping', { count: ph.count });
  else if (ph.kind === 'masked') phoneExtra = t('registry.hint.phoneMasked');

  const size = isMobile ? 'large' : 'middle';
  const half = { xs: 24, md: 12 };
  const title = props.mode === 'create' ? props.title : t('registry.edit.title', { name: props.person.name });

  return (
    <Modal
      open
      title={title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.mode === 'create' ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={isMobile ? '100%' : 760}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
      okButtonProps={{ size }}
      cancelButtonProps={{ size }}
    >
      {problem.banner && (
        <Alert
          type="error"
          showIcon
          title={problem.banner}
          style={{ marginBottom: 16 }}
          action={
            existingId ? (
              <Link to={`/registry/persons/${existingId}`} onClick={props.onClose}>
                {t('registry.entryPage.openExisting')} <ArrowRightOutlined />
              </Link>
            ) : undefined
          }
        />
      )}
      {editing && (editing.idNumber || editing.phone) && (
        <Alert type="info" showIcon title={t('registry.edit.maskedHint')} style={{ marginBottom: 16 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={onFinish}
        requiredMark="optional"
        data-testid="person-form"
        onValuesChange={(changed) => {
          if ('idType' in changed) void form.validateFields(['idNumber']).catch(() => undefined);
        }}
      >
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item
              name="name"
              label={t('registry.field.name')}
              rules={[
                { required: true, whitespace: true, message: t('common.required') },
                { max: 50, message: t('common.tooLong', { max: '50' }) },
              ]}
            >
              <Input autoFocus maxLength={50} size={size} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="relation" label={t('registry.field.relation')}>
              <Select
                allowClear
                size={size}
                options={RELATIONS.map((r) => ({ value: r, label: t(`registry.relation.${r}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="idType" label={t('registry.field.idType')}>
              <Select
                size={size}
                options={ID_TYPES.map((v) => ({ value: v, label: t(`registry.idType.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="idNumber"
              label={t('registry.field.idNumber')}
              rules={[idRule]}
              validateTrigger="onBlur"
              extra={idExtra}
              normalize={(v: string) => v.toUpperCase()}
            >
              <Input
                maxLength={30}
                size={size}
                autoComplete="off"
                spellCheck={false}
                style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
                allowClear
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="sex"
              label={t('registry.field.sex')}
              extra={derived ? t('registry.hint.derived') : null}
            >
              <Radio.Group
                disabled={derived}
                optionType="button"
                options={SEXES.map((s) => ({ value: s, label: t(`registry.sex.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="birthDate"
              label={t('registry.field.birthDate')}
              extra={derived ? t('registry.hint.derived') : null}
            >
              <DatePicker
                disabled={derived}
                size={size}
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="phone"
              label={t('registry.field.phone')}
              rules={[phoneRule]}
              validateTrigger="onBlur"
              extra={phoneExtra}
            >
              <Input maxLength={30} size={size} inputMode="tel" autoComplete="off" allowClear />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="residenceStatus" label={t('registry.field.residenceStatus')}>
              <Radio.Group
                optionType="button"
                options={RESIDENCE_STATUSES.map((s) => ({
                  value: s,
                  label: t(`registry.residenceStatus.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="careFlags" label={t('registry.field.careFlags')}>
              <Checkbox.Group
                options={CARE_FLAGS.map((f) => ({ value: f, label: t(`registry.careFlag.${f}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="occupation"
              label={t('registry.field.occupation')}
              rules={[{ max: 100, message: t('common.tooLong', { max: '100' }) }]}
            >
              <Input maxLength={100} size={size} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="travelFrom"
              label={t('registry.field.travelFrom')}
              rules={[{ max: 100, message: t('common.tooLong', { max: '100' }) }]}
            >
              <Input maxLength={100} size={size} placeholder={t('registry.travelFromPlaceholder')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="returnedOn" label={t('registry.field.returnedOn')}>
              <DatePicker size={size} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="transport" label={t('registry.field.transport')}>
              <Select
                allowClear
                size={size}
                options={TRANSPORTS.map((v) => ({ value: v, label: t(`registry.transport.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="notes"
              label={t('registry.field.notes')}
              rules={[{ max: 500, message: t('common.tooLong', { max: '500' }) }]}
              style={{ marginBottom: 0 }}
            >
              <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
