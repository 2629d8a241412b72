import { SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Radio, Tag, Timeline, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMPOUND_STATUSES, type CompoundStatus, type UnitDto } from '../../../domain/units';
import { useFormProblem } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { STATUS_COLORS, StatusTag } from './unit-display';
import { useChangeStatus, useStatusHistory } from './units.api';

/** A compound's control status and how it got there. */
export function StatusPanel({
  unit,
  canChange,
  onChange,
}: {
  unit: UnitDto;
  canChange: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const history = useStatusHistory(unit.id, true);

  let list: React.ReactNode;
  if (history.isPending) list = <Loading />;
  else if (history.isError)
    list = <LoadError compact error={history.error} onRetry={() => void history.refetch()} />;
  else if (history.data.items.length === 0) list = <EmptyState description={t('units.statusHistoryEmpty')} />;
  else {
    list = (
      <Timeline
        data-testid="status-history"
        items={history.data.items.map((e) => ({
          key: e.id,
          color: STATUS_COLORS[e.toStatus],
          content: (
            <div>
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                {e.fromStatus ? <StatusTag status={e.fromStatus} /> : <Tag>{t('units.unknownStatus')}</Tag>}
                <span>→</span>
                <StatusTag status={e.toStatus} />
              </div>
              <div style={{ marginTop: 4, color: token.colorText, whiteSpace: 'pre-wrap' }}>{e.reason}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.changedAt)}
                {e.changedBy ? ` · ${t('units.changedBy', { name: e.changedBy })}` : ''}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    );
  }

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 16 }}>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <Typography.Text strong>{t('units.currentStatus')}</Typography.Text>
          {unit.status ? <StatusTag status={unit.status} /> : <Tag>{t('units.unknownStatus')}</Tag>}
        </span>
        {canChange && (
          <Button icon={<SafetyOutlined />} onClick={onChange} data-testid="status-change">
            {t('units.changeStatus')}
          </Button>
        )}
      </div>
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('units.statusHistory')}
        </Typography.Title>
        {list}
      </div>
    </div>
  );
}

interface StatusForm {
  status: CompoundStatus;
  reason: string;
}

const FIELDS = ['status', 'reason'] as const;

export function StatusModal({ unit, onClose }: { unit: UnitDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<StatusForm>();
  const change = useChangeStatus();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const initial = COMPOUND_STATUSES.find((s) => s !== unit.status) ?? 'closed';

  const onFinish = (v: StatusForm) => {
    problem.clear();
    change.mutate(
      { id: unit.id, status: v.status, reason: v.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('units.statusChanged', { status: t(`unitStatus.${v.status}`) }));
          onClose();
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Modal
      open
      title={t('units.statusTitle', { name: unit.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      destroyOnHidden
      style={isMobile ? { top: 12 } : undefined}
      okButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<StatusForm> form={form} layout="vertical" initialValues={{ status: initial }} onFinish={onFinish}>
        <Form.Item
          name="status"
          label={t('units.newStatus')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size={isMobile ? 'large' : 'middle'}
            options={COMPOUND_STATUSES.map((s) => ({
              value: s,
              label: t(`unitStatus.${s}`),
              disabled: s === unit.status,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('units.reason')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 500, message: t('common.tooLong', { max: '500' }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('units.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
