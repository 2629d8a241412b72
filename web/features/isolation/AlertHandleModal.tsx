import { Alert, App, Button, Form, Input, Modal, Radio, Typography, theme } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_OUTCOMES, type AlertDto } from '../../../domain/isolation';
import { ApiError } from '../../app/api/client';
import { useFormProblem } from '../../components/form-errors';
import type { ColumnT } from '../../components/format';
import { useIsMobile } from '../../components/use-is-mobile';
import { AlertReading, alertPerson, alertPlace } from './AlertCard';
import { useResolveAlert } from './alerts.api';

type Outcome = (typeof ALERT_OUTCOMES)[number];
type Values = { outcome?: Outcome; note?: string };
const FIELDS = ['outcome', 'note'] as const;

/** 处置: what was done about an alert (re-measured, sent to the fever clinic…) and a note. */
export function AlertHandleModal({ alert, onClose }: { alert: AlertDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const resolve = useResolveAlert();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const alertId = alert?.id;

  useEffect(() => {
    if (!alertId) return;
    form.resetFields();
    problem.clear();
  }, [alertId, form, problem.clear]);

  const submit = async () => {
    if (!alert) return;
    const v = await form.validateFields().catch(() => null);
    if (!v?.outcome) return;
    problem.clear();
    const note = v.note?.trim();
    resolve.mutate(
      { id: alert.id, body: { outcome: v.outcome, ...(note ? { note } : {}) } },
      {
        onSuccess: () => {
          void message.success(t('alerts.handle.done'));
          onClose();
        },
        onError: (err) => {
          // Someone else handled it meanwhile: the list refreshes and shows who did what.
          if (err instanceof ApiError && err.status === 409) {
            void message.info(t('alerts.handle.already'));
            onClose();
            return;
          }
          problem.onError(err);
        },
      },
    );
  };

  return (
    <Modal
      open={!!alert}
      title={t('alerts.handle.title')}
      onCancel={onClose}
      destroyOnHidden
      centered={isMobile}
      width={isMobile ? 'calc(100vw - 16px)' : 560}
      footer={[
        <Button key="cancel" size="large" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          size="large"
          type="primary"
          loading={resolve.isPending}
          onClick={() => void submit()}
          data-testid="alert-handle-submit"
        >
          {t('alerts.handle.submit')}
        </Button>,
      ]}
    >
      {alert && (
        <div style={{ display: 'grid', gap: 12 }} data-testid="alert-handle-dialog">
          <div>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {alertPerson(t as ColumnT, alert)}
            </Typography.Text>
            <div style={{ color: token.colorTextSecondary }}>{alertPlace(t as ColumnT, alert)}</div>
            <AlertReading alert={alert} />
          </div>
          {problem.banner && <Alert type="error" showIcon title={problem.banner} />}
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item
              name="outcome"
              label={t('alerts.handle.outcome')}
              rules={[{ required: true, message: t('alerts.handle.outcomeRequired') }]}
            >
              <Radio.Group
                style={{ display: 'grid', gap: 8, gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr' }}
                data-testid="alert-outcome"
              >
                {ALERT_OUTCOMES.map((o) => (
                  <Radio
                    key={o}
                    value={o}
                    data-outcome={o}
                    style={{
                      margin: 0,
                      minHeight: 48,
                      padding: '8px 12px',
                      border: `1px solid ${token.colorBorder}`,
                      borderRadius: token.borderRadius,
                      alignItems: 'flex-start',
                    }}
                  >
                    <span style={{ fontWeight: 600 }}>{t(`alerts.outcome.${o}`, { defaultValue: o })}</span>
                    <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
                      {t(`alerts.outcomeHint.${o}`, { defaultValue: '' })}
                    </div>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="note" label={t('alerts.handle.note')}>
              <Input.TextArea
                rows={2}
                maxLength={200}
                showCount
                placeholder={t('alerts.handle.notePlaceholder')}
                data-testid="alert-note"
              />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
