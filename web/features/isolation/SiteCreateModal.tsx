import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../../domain/auth';
import type { UnitType } from '../../../domain/units';
import { useFormProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { UnitTreeSelect } from '../units';
import { parseRoomNames, useCommunitiesUnder, useCreateSite } from './alerts.api';

interface SiteForm {
  name: string;
  address?: string;
  unitId: string;
  communityIds?: string[];
  rooms: string;
  beds: number;
  notes?: string;
}

const FIELDS = ['name', 'address', 'unitId', 'communityIds', 'rooms', 'notes'] as const;
const SITE_UNIT_TYPES: readonly UnitType[] = ['subdistrict', 'community', 'village'];
const MAX_ROOMS = 2000;

/** 新建集中隔离点: a name, where it belongs, the communities it serves, its rooms and beds, notes. */
export function SiteCreateModal({ me, open, onClose }: { me: MeDto; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<SiteForm>();
  const create = useCreateSite();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const [unitType, setUnitType] = useState<UnitType>(me.unitType);
  const unitId = Form.useWatch('unitId', form) as string | undefined;
  const roomsText = (Form.useWatch('rooms', form) as string | undefined) ?? '';
  const beds = (Form.useWatch('beds', form) as number | undefined) ?? 1;
  const parsed = parseRoomNames(roomsText);
  const communities = useCommunitiesUnder(unitType === 'subdistrict' ? unitId : undefined);

  const onFinish = (v: SiteForm) => {
    problem.clear();
    create.mutate(
      {
        name: v.name.trim(),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        unitId: v.unitId,
        communityIds: unitType === 'subdistrict' ? (v.communityIds ?? []) : [],
        rooms: parseRoomNames(v.rooms).names.map((name) => ({ name, beds: v.beds })),
        ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
      },
      {
        onSuccess: (site) => {
          void message.success(t('alerts.sites.created', { name: site.name }));
          form.resetFields();
          onClose();
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('alerts.sites.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={create.isPending}
      okButtonProps={{ size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      width={isMobile ? 'calc(100vw - 16px)' : 600}
      destroyOnHidden
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<SiteForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ unitId: me.unitId, beds: 1 }}
        onFinish={onFinish}
        data-testid="site-form"
      >
        <Form.Item
          name="name"
          label={t('alerts.sites.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
        >
          <Input size="large" maxLength={100} placeholder={t('alerts.sites.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={t('alerts.sites.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('alerts.sites.unit')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={t('alerts.sites.unitHint')}
        >
          <UnitTreeSelect
            selectableTypes={SITE_UNIT_TYPES}
            deepestType="village"
            valueLabel={unitId === me.unitId ? me.unitName : undefined}
            onChange={(_id, unit) => {
              if (unit) setUnitType(unit.type);
              form.setFieldValue('communityIds', []);
            }}
          />
        </Form.Item>
        {unitType === 'subdistrict' && (
          <Form.Item
            name="communityIds"
            label={t('alerts.sites.communities')}
            extra={t('alerts.sites.communitiesHint')}
          >
            <Select
              mode="multiple"
              allowClear
              loading={communities.isPending && !!unitId}
              placeholder={t('alerts.sites.allCommunities')}
              options={(communities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              optionFilterProp="label"
            />
          </Form.Item>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 140px', gap: 12 }}>
          <Form.Item
            name="rooms"
            label={t('alerts.sites.rooms')}
            extra={t('alerts.sites.roomsHint')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              {
                validator: async (_r, value: string | undefined) => {
                  const p = parseRoomNames(value ?? '');
                  if (p.bad.length) throw new Error(t('alerts.sites.roomsBad', { parts: p.bad.join('、') }));
                  if (p.names.length > MAX_ROOMS)
                    throw new Error(t('alerts.sites.roomsTooMany', { max: MAX_ROOMS }));
                },
              },
            ]}
          >
            <Input.TextArea rows={3} placeholder="8001-8020, 8101-8120" data-testid="site-rooms" />
          </Form.Item>
          <Form.Item
            name="beds"
            label={t('alerts.sites.bedsPerRoom')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber
              min={1}
              max={20}
              precision={0}
              style={{ width: '100%' }}
              inputMode="numeric"
              size="large"
            />
          </Form.Item>
        </div>
        {parsed.names.length > 0 && (
          <Typography.Text
            style={{ display: 'block', marginTop: -12, marginBottom: 16, color: token.colorTextSecondary }}
          >
            {t('alerts.sites.roomsPreview', {
              rooms: String(parsed.names.length),
              beds: String(parsed.names.length * (beds || 1)),
              first: parsed.names.slice(0, 3).join('、'),
            })}
          </Typography.Text>
        )}
        <Form.Item name="notes" label={t('alerts.sites.notes')} rules={[{ max: 1000 }]}>
          <Input.TextArea
            rows={3}
            maxLength={1000}
            showCount
            placeholder={t('alerts.sites.notesPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
