import { Alert, App, type ButtonProps, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { downloadFile } from './imports.api';

type Values = { mode: 'masked' | 'unmasked'; reason?: string };

/**
 * Exports the resident ledger of a scope as .xlsx: masked unless the account may reveal and chooses the
 * full numbers, which then needs a reason (the server audits the export either way).
 */
export function ExportLedgerModal({
  open,
  onClose,
  unitId,
  unitName,
}: {
  open: boolean;
  onClose: () => void;
  unitId: string;
  unitName: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const isMobile = useIsMobile();
  const canReveal = hasPermission(me, 'persons.reveal');
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form) ?? 'masked';
  const { banner, onError, clear } = useFormProblem(form, ['reason'], t('error.network'));
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    clear();
    setBusy(true);
    try {
      const full = canReveal && v.mode === 'unmasked';
      await downloadFile(
        '/api/exports/residents.xlsx',
        { unit: unitId, ...(full ? { unmasked: 'true', reason: v.reason?.trim() } : {}) },
        'residents.xlsx',
      );
      void message.success(t('imports.export.done'));
      onClose();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('imports.export.title')}
      okText={t('imports.export.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{
        size: isMobile ? 'large' : 'middle',
        ...({ 'data-testid': 'export-submit' } as ButtonProps),
      }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) clear();
      }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'masked' }}
        onFinish={(v) => void submit(v)}
        requiredMark={false}
        data-testid="export-dialog"
      >
        <Form.Item label={t('imports.export.scope')} extra={t('imports.export.scopeHint')}>
          <Typography.Text strong data-testid="export-scope">
            {unitName}
          </Typography.Text>
        </Form.Item>
        {canReveal ? (
          <Form.Item name="mode" style={{ marginBottom: 12 }}>
            <Radio.Group style={{ display: 'grid', gap: 8 }}>
              <Radio value="masked" data-testid="export-masked">
                <div>{t('imports.export.masked')}</div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('imports.export.maskedHint')}
                </Typography.Text>
              </Radio>
              <Radio value="unmasked" data-testid="export-unmasked">
                {t('imports.export.unmasked')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('imports.export.maskedHint')}</Typography.Paragraph>
        )}
        {canReveal && mode === 'unmasked' && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('imports.export.unmaskedHint')}
              style={{ marginBottom: 12 }}
            />
            <Form.Item
              name="reason"
              label={t('imports.export.reason')}
              rules={[{ required: true, whitespace: true, message: t('imports.export.reasonRequired') }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={200}
                showCount
                placeholder={t('imports.export.reasonPlaceholder')}
                data-testid="export-reason"
              />
            </Form.Item>
          </>
        )}
        {banner && <Alert type="error" showIcon title={banner} data-testid="export-error" />}
      </Form>
    </Modal>
  );
}
