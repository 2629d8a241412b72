import { CopyOutlined, LinkOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelfReportLinkDto } from '../../../domain/isolation';
import { formatDateTime } from '../../components/format';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { QrSvg } from '../registry/coverage/RoomQr';
import { useCreateSelfReportLink, useRevokeSelfReportLink, useSelfReportLink } from './isolation.api';

/**
 * The resident's secret self-report link (居民自报): made here, shown once as an address and a QR code
 * to send or show the resident; the server keeps only its hash. A new link replaces the old one; a link
 * can be stopped. Self-reports then wait in the checks for staff to confirm.
 */
export function SelfReportCard({
  isolationId,
  name,
  active,
  canWrite,
}: {
  isolationId: string;
  name: string;
  active: boolean;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useSelfReportLink(isolationId, true);
  const create = useCreateSelfReportLink();
  const revoke = useRevokeSelfReportLink();
  const [shown, setShown] = useState<SelfReportLinkDto | null>(null);

  const make = () =>
    create.mutate(isolationId, {
      onSuccess: (link) => setShown(link),
      onError: (e) => void message.error(errorMessage(e, t('error.network'))),
    });
  const stop = () =>
    revoke.mutate(isolationId, {
      onSuccess: () => void message.success(t('isolation.selfReport.stopped')),
      onError: (e) => void message.error(errorMessage(e, t('error.network'))),
    });

  let body: React.ReactNode;
  if (status.isPending) body = <Loading minHeight={60} />;
  else if (status.isError)
    body = <LoadError compact error={status.error} onRetry={() => void status.refetch()} />;
  else if (!active && !status.data.active && status.data.reports === 0) return null;
  else {
    const s = status.data;
    body = (
      <div style={{ display: 'grid', gap: 10 }} data-testid="self-report-card">
        {s.active ? (
          <Typography.Text>
            {t('isolation.selfReport.activeSince', {
              at: formatDateTime(s.createdAt),
              by: s.createdBy?.displayName ?? '',
            })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('isolation.selfReport.none')}</Typography.Text>
        )}
        <Typography.Text type="secondary">
          {t('isolation.selfReport.reports', { count: String(s.reports) })}
        </Typography.Text>
        {canWrite && active && (
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            {s.active ? (
              <Popconfirm
                title={t('isolation.selfReport.renewConfirm')}
                onConfirm={make}
                okText={t('isolation.selfReport.renew')}
                cancelText={t('common.cancel')}
              >
                <Button icon={<LinkOutlined />} loading={create.isPending}>
                  {t('isolation.selfReport.renew')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="primary"
                ghost
                icon={<LinkOutlined />}
                loading={create.isPending}
                onClick={make}
                data-testid="self-report-create"
              >
                {t('isolation.selfReport.create')}
              </Button>
            )}
            {s.active && (
              <Popconfirm
                title={t('isolation.selfReport.stopConfirm')}
                onConfirm={stop}
                okText={t('isolation.selfReport.stop')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
              >
                <Button danger icon={<StopOutlined />} loading={revoke.isPending}>
                  {t('isolation.selfReport.stop')}
                </Button>
              </Popconfirm>
            )}
          </div>
        )}
      </div>
    );
  }

  return (
    <Card title={t('isolation.selfReport.title')} styles={{ body: { padding: 16 } }}>
      {body}
      {shown && <LinkModal link={shown} name={name} onClose={() => setShown(null)} />}
    </Card>
  );
}

/** The new link, once: QR code to scan, address to copy and send. */
function LinkModal({ link, name, onClose }: { link: SelfReportLinkDto; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('isolation.selfReport.copyManually'));
    }
  };
  return (
    <Modal
      open
      title={t('isolation.selfReport.linkTitle', { name })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('isolation.selfReport.done')}
        </Button>
      }
      width={isMobile ? '100%' : 440}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div style={{ display: 'grid', gap: 12, justifyItems: 'center' }} data-testid="self-report-link">
        <QrSvg text={link.url} size="220px" label={t('isolation.selfReport.qr')} />
        <Typography.Paragraph
          copyable={false}
          style={{ wordBreak: 'break-all', textAlign: 'center', margin: 0, fontFamily: 'monospace' }}
          data-testid="self-report-url"
        >
          {link.url}
        </Typography.Paragraph>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('common.copy')}
        </Button>
        <Alert type="warning" showIcon title={t('isolation.selfReport.onceOnly')} />
      </div>
    </Modal>
  );
}
