import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { message as domainMessage } from '../../../domain/messages';
import {
  CARE_FLAGS,
  type CareFlag,
  type HouseholdDto,
  ID_TYPES,
  type IdType,
  type PersonInput,
  RELATIONS,
  RESIDENCE_STATUSES,
  type RegistrationDto,
  TRANSPORTS,
} from '../../../domain/registry';
import { ApiError } from '../../app/api/client';
import { currentLanguage } from '../../app/i18n';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { idHint, localToday, phoneHint } from '../registry/person-format';
import { useAcceptRegistration } from '../registry/selfreg.api';

type Submitted = RegistrationDto['persons'][number];

interface PersonRow {
  name: string;
  idType: IdType;
  idNumber?: string;
  phone?: string;
  relation?: PersonInput['relation'];
  residenceStatus: PersonInput['residenceStatus'];
  careFlags: CareFlag[];
  travelFrom?: string;
  returnedOn?: string;
  transport?: PersonInput['transport'];
  /** Fields the form does not show, carried over as the resident sent them. */
  keep?: Pick<PersonInput, 'sex' | 'birthDate' | 'occupation' | 'notes'>;
}

const fromSubmitted = (p: Submitted): PersonRow => ({
  name: p.name,
  idType: p.idType,
  idNumber: p.idNumber ?? undefined,
  phone: p.phone ?? undefined,
  relation: p.relation ?? undefined,
  residenceStatus: p.residenceStatus,
  careFlags: p.careFlags,
  travelFrom: p.travelFrom ?? undefined,
  returnedOn: p.returnedOn ?? undefined,
  transport: p.transport ?? undefined,
  keep: {
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.occupation ? { occupation: p.occupation } : {}),
    ...(p.notes ? { notes: p.notes } : {}),
  },
});

const text = (v: string | undefined) => (v ?? '').trim();

function toInput(r: PersonRow): PersonInput {
  return {
    ...r.keep,
    name: text(r.name),
    idType: r.idType,
    ...(text(r.idNumber) ? { idNumber: text(r.idNumber).toUpperCase() } : {}),
    ...(text(r.phone) ? { phone: text(r.phone) } : {}),
    ...(r.relation ? { relation: r.relation } : {}),
    residenceStatus: r.residenceStatus,
    careFlags: r.careFlags ?? [],
    ...(text(r.travelFrom) ? { travelFrom: text(r.travelFrom) } : {}),
    ...(r.returnedOn ? { returnedOn: r.returnedOn } : {}),
    ...(r.transport ? { transport: r.transport } : {}),
  };
}

/**
 * Staff correct what a resident typed, then accept. ID numbers and phones stay masked as the queue
 * shows them; the server reads a masked value as "what the resident sent".
 */
export function CorrectModal({
  registration,
  onClose,
  onAccepted,
}: {
  registration: RegistrationDto;
  onClose: () => void;
  onAccepted: (h: HouseholdDto) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const locale = currentLanguage();
  const [form] = Form.useForm<{ persons: PersonRow[] }>();
  const accept = useAcceptRegistration();
  const [banner, setBanner] = useState<string | null>(null);
  const maskedIds = registration.persons.flatMap((p) => (p.idNumber ? [p.idNumber] : []));
  const maskedPhones = registration.persons.flatMap((p) => (p.phone ? [p.phone] : []));

  const idRule = (index: number): Rule => ({
    validator: async (_r, value: string | undefined) => {
      if (value?.includes('*')) {
        if (!maskedIds.includes(value.trim())) throw new Error(t('selfreg.queue.maskedChanged'));
        return;
      }
      const type = form.getFieldValue(['persons', index, 'idType']) ?? 'resident_id';
      const h = idHint(type, value ?? '');
      if (h.kind === 'error') throw new Error(domainMessage(h.key, locale));
      if (h.kind === 'typing') throw new Error(domainMessage('err.idNumber.format', locale));
      if (h.kind === 'docError') throw new Error(t('registry.hint.docFormat'));
    },
  });
  const phoneRule: Rule = {
    validator: async (_r, value: string | undefined) => {
      if (value?.includes('*')) {
        if (!maskedPhones.includes(value.trim())) throw new Error(t('selfreg.queue.maskedChanged'));
        return;
      }
      const h = phoneHint(value ?? '');
      if (h.kind === 'error' || h.kind === 'typing')
        throw new Error(domainMessage('err.phone.mobile', locale));
    },
  };

  const onFinish = () => {
    // The whole store, so fields without an input of their own (`keep`) come along.
    const persons = (form.getFieldsValue(true) as { persons: PersonRow[] }).persons;
    setBanner(null);
    accept.mutate(
      { id: registration.id, persons: persons.map(toInput) },
      {
        onSuccess: onAccepted,
        onError: (error) => {
          const rest: string[] = [];
          if (error instanceof ApiError) {
            const fields = [];
            for (const e of error.fieldErrors) {
              const m = /^persons\.(\d+)\.(\w+)$/.exec(e.field);
              if (m) fields.push({ name: ['persons', Number(m[1]), m[2] as string], errors: [e.message] });
              else rest.push(e.message);
            }
            form.setFields(fields as Parameters<typeof form.setFields>[0]);
          }
          setBanner([errorMessage(error, t('error.network')), ...rest].join('；'));
        },
      },
    );
  };

  const col = isMobile ? 24 : 12;
  return (
    <Modal
      open
      width={isMobile ? 'calc(100vw - 16px)' : 860}
      style={isMobile ? { top: 8, maxWidth: 'none', margin: '0 8px' } : undefined}
      title={t('selfreg.queue.correctTitle', { address: registration.address })}
      okText={t('selfreg.queue.acceptCorrected')}
      okButtonProps={{ loading: accept.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('selfreg.queue.correctHint')}</Typography.Paragraph>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ persons: registration.persons.map(fromSubmitted) }}
        onFinish={onFinish}
      >
        <Form.List name="persons">
          {(fields, { add, remove }) => (
            <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12 }}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  title={t('selfreg.personN', { n: String(index + 1) })}
                  extra={
                    fields.length > 1 && (
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                        {t('selfreg.removePerson')}
                      </Button>
                    )
                  }
                  data-testid={`correct-${index}`}
                >
                  <Row gutter={12}>
                    <Col span={col}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('registry.field.name')}
                        rules={[
                          { required: true, whitespace: true, message: t('registry.entryPage.nameRequired') },
                        ]}
                      >
                        <Input maxLength={50} id={`correct-${index}-name`} />
                      </Form.Item>
                    </Col>
                    <Col span={col}>
                      <Form.Item name={[field.name, 'relation']} label={t('registry.field.relation')}>
                        <Select
                          allowClear
                          options={RELATIONS.map((r) => ({ value: r, label: t(`registry.relation.${r}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={col}>
                      <Form.Item name={[field.name, 'idType']} label={t('registry.field.idType')}>
                        <Select
                          options={ID_TYPES.map((k) => ({ value: k, label: t(`registry.idType.${k}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={col}>
                      <Form.Item
                        name={[field.name, 'idNumber']}
                        label={t('registry.field.idNumber')}
                        rules={[idRule(field.name)]}
                      >
                        <Input maxLength={30} allowClear id={`correct-${index}-idNumber`} />
                      </Form.Item>
                    </Col>
                    <Col span={col}>
                      <Form.Item
                        name={[field.name, 'phone']}
                        label={t('registry.field.phone')}
                        rules={[phoneRule]}
                      >
                        <Input maxLength={30} allowClear inputMode="tel" />
                      </Form.Item>
                    </Col>
                    <Col span={col}>
                      <Form.Item
                        name={[field.name, 'residenceStatus']}
                        label={t('registry.field.residenceStatus')}
                      >
                        <Select
                          options={RESIDENCE_STATUSES.map((s) => ({
                            value: s,
                            label: t(`registry.residenceStatus.${s}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={24}>
                      <Form.Item name={[field.name, 'careFlags']} label={t('registry.field.careFlags')}>
                        <Checkbox.Group
                          options={CARE_FLAGS.map((f) => ({ value: f, label: t(`registry.careFlag.${f}`) }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={isMobile ? 24 : 8}>
                      <Form.Item name={[field.name, 'travelFrom']} label={t('registry.field.travelFrom')}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col span={isMobile ? 24 : 8}>
                      <Form.Item name={[field.name, 'returnedOn']} label={t('registry.field.returnedOn')}>
                        <Input type="date" max={localToday()} />
                      </Form.Item>
                    </Col>
                    <Col span={isMobile ? 24 : 8}>
                      <Form.Item name={[field.name, 'transport']} label={t('registry.field.transport')}>
                        <Select
                          allowClear
                          options={TRANSPORTS.map((k) => ({ value: k, label: t(`registry.transport.${k}`) }))}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              {fields.length < 10 && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ name: '', idType: 'resident_id', residenceStatus: 'permanent', careFlags: [] })
                  }
                >
                  {t('selfreg.addPerson')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
