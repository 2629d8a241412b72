import {
  EyeInvisibleOutlined,
  EyeOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Tag, Tooltip, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { MaskedText } from './person-display';
import { groupMobile } from './person-format';
import { revealField } from './registry.api';

export type RevealableField = 'idNumber' | 'phone';

const QUICK_REASONS = ['call', 'verify', 'visit', 'isolation'] as const;

/**
 * A masked value with a 查看 button. Revealing asks for a reason, which the server writes to the audit
 * log; the full value is held by the page that shows it (never in a query cache, never logged).
 */
export function RevealField({
  personId,
  personName,
  field,
  masked,
  revealed,
  canReveal,
  onRevealed,
  onHide,
}: {
  personId: string;
  personName: string;
  field: RevealableField;
  masked: string | null;
  /** The full value once revealed; `undefined` while masked. */
  revealed: string | null | undefined;
  canReveal: boolean;
  onRevealed: (value: string | null) => void;
  onHide: () => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [asking, setAsking] = useState(false);
  if (!masked) return <Typography.Text type="secondary">—</Typography.Text>;

  if (revealed !== undefined) {
    const shown = revealed ?? '';
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <span
          data-testid={`revealed-${field}`}
          style={{
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            fontWeight: 600,
            letterSpacing: 0.5,
          }}
        >
          {field === 'phone' ? groupMobile(shown) : shown}
        </span>
        {field === 'phone' && shown && (
          <Button size="small" icon={<PhoneOutlined />} href={`tel:${shown}`}>
            {t('registry.reveal.call')}
          </Button>
        )}
        <Button size="small" type="text" icon={<EyeInvisibleOutlined />} onClick={onHide}>
          {t('registry.reveal.hide')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <SafetyCertificateOutlined style={{ color: token.colorWarning }} /> {t('registry.reveal.audited')}
        </Typography.Text>
      </span>
    );
  }

  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <MaskedText value={masked} testId={`masked-${field}`} />
      {canReveal ? (
        <Button
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setAsking(true)}
          data-testid={`reveal-${field}`}
        >
          {t('registry.reveal.action')}
        </Button>
      ) : (
        <Tooltip title={t('registry.reveal.denied')}>
          <EyeInvisibleOutlined style={{ color: token.colorTextQuaternary }} />
        </Tooltip>
      )}
      {asking && (
        <RevealModal
          personId={personId}
          personName={personName}
          field={field}
          onClose={() => setAsking(false)}
          onRevealed={(v) => {
            setAsking(false);
            onRevealed(v);
          }}
        />
      )}
    </span>
  );
}

function RevealModal({
  personId,
  personName,
  field,
  onClose,
  onRevealed,
}: {
  personId: string;
  personName: string;
  field: RevealableField;
  onClose: () => void;
  onRevealed: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      onRevealed(await revealField(personId, field, reason.trim()));
    } catch (e) {
      setError(errorMessage(e, t('error.network')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`registry.reveal.title.${field}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.reveal.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={isMobile ? '100%' : 480}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
      okButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
    >
      <div style={{ display: 'grid', gap: 12 }} data-testid="reveal-dialog">
        <Alert type="warning" showIcon title={t('registry.reveal.intro')} />
        <Typography.Text>{t('registry.reveal.who', { name: personName })}</Typography.Text>
        {error && <Alert type="error" showIcon title={error} />}
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="reason"
            label={t('registry.reveal.reason')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200, message: t('common.tooLong', { max: '200' }) },
            ]}
            style={{ marginBottom: 24 }}
          >
            <Input.TextArea
              id="reveal-reason"
              autoFocus
              maxLength={200}
              showCount
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={t('registry.reveal.reasonPlaceholder')}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
              }}
            />
          </Form.Item>
          <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('registry.reveal.common')}
            </Typography.Text>
            {QUICK_REASONS.map((r) => (
              <Tag.CheckableTag
                key={r}
                checked={false}
                onChange={() =>
                  form.setFields([{ name: 'reason', value: t(`registry.reveal.reasons.${r}`), errors: [] }])
                }
                style={{ border: '1px solid rgba(0,0,0,0.15)', marginInlineEnd: 0 }}
              >
                {t(`registry.reveal.reasons.${r}`)}
              </Tag.CheckableTag>
            ))}
          </div>
        </Form>
      </div>
    </Modal>
  );
}
