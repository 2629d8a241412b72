import {
  Alert,
  App,
  Checkbox,
  DatePicker,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, extensionProblem, type IsolationDto, MAX_ISOLATION_DAYS } from '../../../domain/isolation';
import { message as serverMessage } from '../../../domain/messages';
import { currentLanguage } from '../../app/i18n';
import { useFormProblem } from '../../components/form-errors';
import { LoadError } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import {
  useCompleteFollowUp,
  useExtendIsolation,
  useIsolationSites,
  useReleaseIsolation,
  useTransferIsolation,
} from './isolation.api';

/**
 * The actions on an isolation order, each in its own dialog: extend (with a reason), transfer home ↔
 * site or to hospital, release (normal or early with a reason), and complete a follow-up visit. The
 * server's per-field problems land next to their fields.
 */

/** The browser's calendar day; the server decides with the deployment's time zone. */
export const localToday = () => dayjs().format('YYYY-MM-DD');

function ActionModal({
  title,
  okText,
  danger,
  onOk,
  onClose,
  pending,
  testId,
  children,
}: {
  title: ReactNode;
  okText: string;
  danger?: boolean;
  onOk: () => void;
  onClose: () => void;
  pending: boolean;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={onOk}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      okButtonProps={{ size, danger }}
      cancelButtonProps={{ size }}
      destroyOnHidden
      width={isMobile ? '100%' : 520}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid={testId}>{children}</div>
    </Modal>
  );
}

const reasonRules = (t: (k: 'common.required' | 'common.tooLong', o?: Record<string, string>) => string) => [
  { required: true, whitespace: true, message: t('common.required') },
  { max: 200, message: t('common.tooLong', { max: '200' }) },
];

// ------------------------------------------------------------------------------ extend

type ExtendForm = { mode: 'days' | 'date'; days?: number; plannedEndOn?: dayjs.Dayjs; reason: string };

export function ExtendModal({ order, onClose }: { order: IsolationDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExtendForm>();
  const extend = useExtendIsolation();
  const problem = useFormProblem(form, ['days', 'plannedEndOn', 'reason'], t('error.network'));
  const mode = Form.useWatch('mode', form) ?? 'days';
  const days = Form.useWatch('days', form);
  const date = Form.useWatch('plannedEndOn', form);
  const newEnd =
    mode === 'days' ? (days ? addDays(order.plannedEndOn, days) : undefined) : date?.format('YYYY-MM-DD');
  const latest = addDays(order.startOn, MAX_ISOLATION_DAYS);

  const onFinish = async (v: ExtendForm) => {
    problem.clear();
    const end =
      mode === 'days' ? addDays(order.plannedEndOn, v.days ?? 0) : v.plannedEndOn?.format('YYYY-MM-DD');
    const local = end ? extensionProblem(order.startOn, order.plannedEndOn, end) : null;
    if (local) {
      form.setFields([
        {
          name: mode === 'days' ? 'days' : 'plannedEndOn',
          errors: [serverMessage(local, currentLanguage())],
        },
      ]);
      return;
    }
    try {
      await extend.mutateAsync({
        id: order.id,
        body:
          mode === 'days'
            ? { days: v.days, reason: v.reason.trim() }
            : { plannedEndOn: end, reason: v.reason.trim() },
      });
      void message.success(t('isolation.extend.done', { date: end ?? '' }));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <ActionModal
      title={t('isolation.extend.title', { name: order.keyPerson.name })}
      okText={t('isolation.extend.submit')}
      onOk={() => form.submit()}
      onClose={onClose}
      pending={extend.isPending}
      testId="extend-dialog"
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">
        {t('isolation.extend.current', { date: order.plannedEndOn, max: String(MAX_ISOLATION_DAYS), latest })}
      </Typography.Paragraph>
      <Form<ExtendForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ mode: 'days', days: 7 }}
        onFinish={(v) => void onFinish(v)}
      >
        <Form.Item name="mode" label={t('isolation.extend.by')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'days', label: t('isolation.extend.byDays') },
              { value: 'date', label: t('isolation.extend.byDate') },
            ]}
          />
        </Form.Item>
        {mode === 'days' ? (
          <Form.Item
            name="days"
            label={t('isolation.extend.days')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <InputNumber min={1} max={30} precision={0} style={{ width: 160 }} inputMode="numeric" />
          </Form.Item>
        ) : (
          <Form.Item
            name="plannedEndOn"
            label={t('isolation.extend.date')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker
              style={{ width: 200 }}
              disabledDate={(d) =>
                d.format('YYYY-MM-DD') <= order.plannedEndOn || d.format('YYYY-MM-DD') > latest
              }
            />
          </Form.Item>
        )}
        {newEnd && (
          <Alert
            type="info"
            showIcon
            title={t('isolation.extend.preview', { from: order.plannedEndOn, to: newEnd })}
            style={{ marginBottom: 16 }}
            data-testid="extend-preview"
          />
        )}
        <Form.Item name="reason" label={t('isolation.extend.reason')} rules={reasonRules(t)}>
          <Input maxLength={200} placeholder={t('isolation.extend.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

// ------------------------------------------------------------------------------ placement at a site

/**
 * Site, room (with its free beds) and bed, as fields of the surrounding form. A room without a free
 * bed cannot be picked, except the one the person is in (`currentRoomId`).
 */
export function SitePlacementFields({
  form,
  currentRoomId,
}: {
  form: FormInstance;
  currentRoomId?: string | null;
}) {
  const { t } = useTranslation();
  const sites = useIsolationSites();
  const siteId = Form.useWatch('siteId', form) as string | undefined;
  const site = sites.data?.items.find((s) => s.id === siteId);
  if (sites.isError) return <LoadError compact error={sites.error} onRetry={() => void sites.refetch()} />;
  const none = sites.data && sites.data.items.length === 0;
  return (
    <>
      <Form.Item
        name="siteId"
        label={t('isolation.placement.site')}
        rules={[{ required: true, message: t('common.required') }]}
        extra={none ? t('isolation.placement.noSites') : undefined}
      >
        <Select
          loading={sites.isPending}
          disabled={none}
          placeholder={t('common.select')}
          onChange={() => form.setFieldValue('siteRoomId', undefined)}
          options={(sites.data?.items ?? []).map((s) => ({
            value: s.id,
            label: t('isolation.placement.siteOption', {
              name: s.name,
              free: String(s.capacity - s.occupancy),
              capacity: String(s.capacity),
            }),
            disabled: s.capacity - s.occupancy <= 0,
          }))}
          data-testid="placement-site"
        />
      </Form.Item>
      <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: 12 }}>
        <Form.Item
          name="siteRoomId"
          label={t('isolation.placement.room')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            disabled={!site}
            placeholder={site ? t('common.select') : t('isolation.placement.pickSiteFirst')}
            showSearch={{ optionFilterProp: 'label' }}
            options={(site?.rooms ?? []).map((r) => {
              const free = r.beds - r.occupied + (r.id === currentRoomId ? 1 : 0);
              return {
                value: r.id,
                label: t('isolation.placement.roomOption', { name: r.name, free: String(Math.max(0, free)) }),
                disabled: free <= 0,
              };
            })}
            data-testid="placement-room"
          />
        </Form.Item>
        <Form.Item
          name="bed"
          label={t('isolation.placement.bed')}
          rules={[{ max: 20, message: t('common.tooLong', { max: '20' }) }]}
        >
          <Input maxLength={20} />
        </Form.Item>
      </div>
    </>
  );
}

// ------------------------------------------------------------------------------ transfer

type TransferForm = {
  to: 'home' | 'site' | 'hospital';
  siteId?: string;
  siteRoomId?: string;
  bed?: string;
  doorSealed?: boolean;
  reason: string;
};

export function TransferModal({ order, onClose }: { order: IsolationDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransferForm>();
  const transfer = useTransferIsolation();
  const problem = useFormProblem(
    form,
    ['to', 'siteId', 'siteRoomId', 'bed', 'doorSealed', 'reason'],
    t('error.network'),
  );
  const to = Form.useWatch('to', form) ?? (order.kind === 'home' ? 'site' : 'home');

  const onFinish = async (v: TransferForm) => {
    problem.clear();
    try {
      await transfer.mutateAsync({
        id: order.id,
        body: {
          to: v.to,
          reason: v.reason.trim(),
          ...(v.to === 'site'
            ? { siteId: v.siteId, siteRoomId: v.siteRoomId, ...(v.bed?.trim() ? { bed: v.bed.trim() } : {}) }
            : {}),
          ...(v.to === 'home' ? { doorSealed: !!v.doorSealed } : {}),
        },
      });
      void message.success(t(`isolation.transfer.done.${v.to}`));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <ActionModal
      title={t('isolation.transfer.title', { name: order.keyPerson.name })}
      okText={t('isolation.transfer.submit')}
      danger={to === 'hospital'}
      onOk={() => form.submit()}
      onClose={onClose}
      pending={transfer.isPending}
      testId="transfer-dialog"
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<TransferForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ to: order.kind === 'home' ? 'site' : 'home', doorSealed: order.doorSealed }}
        onFinish={(v) => void onFinish(v)}
      >
        <Form.Item name="to" label={t('isolation.transfer.to')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'home', label: t('isolation.transfer.toHome'), disabled: order.kind === 'home' },
              {
                value: 'site',
                label:
                  order.kind === 'site'
                    ? t('isolation.transfer.toOtherRoom')
                    : t('isolation.transfer.toSite'),
              },
              { value: 'hospital', label: t('isolation.transfer.toHospital') },
            ]}
          />
        </Form.Item>
        {to === 'site' && <SitePlacementFields form={form} currentRoomId={null} />}
        {to === 'home' && (
          <Form.Item name="doorSealed" label={t('isolation.field.doorSealed')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {to === 'hospital' && (
          <Alert
            type="warning"
            showIcon
            title={t('isolation.transfer.hospitalHint')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form.Item name="reason" label={t('isolation.transfer.reason')} rules={reasonRules(t)}>
          <Input maxLength={200} placeholder={t('isolation.transfer.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

// ------------------------------------------------------------------------------ release

type ReleaseForm = { reason: string; early: boolean };

export function ReleaseModal({ order, onClose }: { order: IsolationDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReleaseForm>();
  const release = useReleaseIsolation();
  const problem = useFormProblem(form, ['reason', 'early'], t('error.network'));
  const early = localToday() < order.plannedEndOn;

  const onFinish = async (v: ReleaseForm) => {
    problem.clear();
    try {
      await release.mutateAsync({ id: order.id, body: { reason: v.reason.trim(), early: !!v.early } });
      void message.success(t('isolation.release.done', { name: order.keyPerson.name }));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <ActionModal
      title={t('isolation.release.title', { name: order.keyPerson.name })}
      okText={t('isolation.release.submit')}
      danger={early}
      onOk={() => form.submit()}
      onClose={onClose}
      pending={release.isPending}
      testId="release-dialog"
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Alert
        type={early ? 'warning' : 'info'}
        showIcon
        title={
          early
            ? t('isolation.release.earlyHint', { date: order.plannedEndOn })
            : t('isolation.release.normalHint', { date: order.plannedEndOn })
        }
        description={t('isolation.release.followUps')}
        style={{ marginBottom: 16 }}
      />
      <Form<ReleaseForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ early: false, reason: early ? '' : t('isolation.release.defaultReason') }}
        onFinish={(v) => void onFinish(v)}
      >
        {early && (
          <Form.Item
            name="early"
            valuePropName="checked"
            rules={[
              {
                validator: (_r, v) =>
                  v ? Promise.resolve() : Promise.reject(new Error(t('isolation.release.confirmEarly'))),
              },
            ]}
          >
            <Checkbox data-testid="release-early">{t('isolation.release.early')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('isolation.release.reason')} rules={reasonRules(t)}>
          <Input.TextArea
            maxLength={200}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('isolation.release.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

// ------------------------------------------------------------------------------ follow-ups

export function FollowUpModal({
  followUp,
  onClose,
}: {
  followUp: { id: string; name: string; dueOn: string; dayAfter: number };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const complete = useCompleteFollowUp();
  const problem = useFormProblem(form, ['note'], t('error.network'));

  const onFinish = async (v: { note?: string }) => {
    problem.clear();
    try {
      await complete.mutateAsync({ id: followUp.id, note: v.note?.trim() || undefined });
      void message.success(t('isolation.followUp.done', { name: followUp.name }));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <ActionModal
      title={t('isolation.followUp.title', { name: followUp.name, n: String(followUp.dayAfter) })}
      okText={t('isolation.followUp.complete')}
      onOk={() => form.submit()}
      onClose={onClose}
      pending={complete.isPending}
      testId="follow-up-dialog"
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">
        {t('isolation.followUp.due', { date: followUp.dueOn })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="note"
          label={t('isolation.followUp.note')}
          rules={[{ max: 200, message: t('common.tooLong', { max: '200' }) }]}
        >
          <Input.TextArea
            maxLength={200}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('isolation.followUp.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}
