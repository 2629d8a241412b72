import { Alert, App, Form, Input, Modal, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PassDto } from '../../../domain/checkpoints';
import { useFormProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { useRevokePass } from './checkpoints.api';

const QUICK_REASONS = ['movedOut', 'lost', 'isolated', 'wrong', 'misuse'] as const;

/**
 * 注销出入证 with a reason (kept with the pass and shown on it). Gates stop accepting the pass when
 * they next sync; the dialog says so, because a gate offline for an hour still lets it through.
 */
export function PassRevokeModal({
  pass,
  onRevoked,
  onClose,
}: {
  pass: PassDto;
  onRevoked?: (pass: PassDto) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useRevokePass();
  const problem = useFormProblem(form, ['reason'], t('error.network'));
  const size = isMobile ? 'large' : 'middle';

  const onFinish = async ({ reason }: { reason: string }) => {
    problem.clear();
    try {
      const revoked = await revoke.mutateAsync({ id: pass.id, reason: reason.trim() });
      void message.success(t('checkpoints.revoke.done', { holder: pass.holder }));
      onRevoked?.(revoked);
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <Modal
      open
      title={t('checkpoints.revoke.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('checkpoints.revoke.submit')}
      okButtonProps={{ danger: true, size }}
      cancelButtonProps={{ size }}
      cancelText={t('common.cancel')}
      confirmLoading={revoke.isPending}
      destroyOnHidden
      width={isMobile ? '100%' : 520}
      style={isMobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid="pass-revoke-dialog">
        <Typography.Paragraph>
          {t('checkpoints.revoke.who', { holder: pass.holder, address: pass.address })}
        </Typography.Paragraph>
        <Alert type="info" showIcon title={t('checkpoints.revoke.syncHint')} style={{ marginBottom: 16 }} />
        {problem.banner && (
          <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />
        )}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)}>
          <Form.Item
            name="reason"
            label={t('checkpoints.revoke.reason')}
            rules={[
              { required: true, whitespace: true, message: t('checkpoints.revoke.reasonNeeded') },
              { max: 200, message: t('common.tooLong', { max: '200' }) },
            ]}
            extra={
              <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, marginTop: 8 }}>
                {QUICK_REASONS.map((r) => (
                  <Tag.CheckableTag
                    key={r}
                    checked={false}
                    onChange={() => form.setFieldsValue({ reason: t(`checkpoints.revoke.quick.${r}`) })}
                    style={{
                      border: '1px solid rgba(0,0,0,0.15)',
                      padding: isMobile ? '4px 10px' : undefined,
                    }}
                  >
                    {t(`checkpoints.revoke.quick.${r}`)}
                  </Tag.CheckableTag>
                ))}
              </span>
            }
          >
            <Input.TextArea
              maxLength={200}
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={t('checkpoints.revoke.reasonPlaceholder')}
              data-testid="pass-revoke-reason"
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
