import { PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Skeleton, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PassDto } from '../../../domain/checkpoints';
import { formatDateTime } from '../../components/format';
import { LoadError } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { ExceptionTag, PassKindTag, PassStateTag, reasonText } from './checkpoint-display';
import { passLinkUrl, passQrUrl, usePass } from './checkpoints.api';
import { PassRevokeModal } from './PassRevokeModal';

/** The QR code as the server draws it, with its own loading and failure states. */
export function PassQr({ pass, size }: { pass: PassDto; size: number }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [state, setState] = useState<'loading' | 'ok' | 'error'>('loading');
  const unusable = pass.state === 'revoked' || pass.state === 'expired';
  return (
    <div
      style={{
        position: 'relative',
        width: size,
        height: size,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        background: '#fff',
        display: 'grid',
        placeItems: 'center',
        overflow: 'hidden',
      }}
    >
      {state === 'loading' && <Skeleton.Image active style={{ width: size - 24, height: size - 24 }} />}
      {state === 'error' ? (
        <Typography.Text type="danger" style={{ padding: 12, textAlign: 'center' }}>
          {t('checkpoints.pass.qrFailed')}
        </Typography.Text>
      ) : (
        <img
          src={passQrUrl(pass.id)}
          alt={t('checkpoints.pass.qrAlt', { holder: pass.holder })}
          width={size - 2}
          height={size - 2}
          onLoad={() => setState('ok')}
          onError={() => setState('error')}
          style={{
            display: state === 'ok' ? 'block' : 'none',
            opacity: unusable ? 0.25 : 1,
            imageRendering: 'pixelated',
          }}
          data-testid="pass-qr"
        />
      )}
      {unusable && state === 'ok' && (
        <div
          style={{
            position: 'absolute',
            inset: 0,
            display: 'grid',
            placeItems: 'center',
            fontSize: 28,
            fontWeight: 700,
            color: token.colorError,
            transform: 'rotate(-18deg)',
          }}
        >
          {t(`checkpoints.passState.${pass.state}`)}
        </div>
      )}
    </div>
  );
}

/** One pass: its QR code, who and where it is for, the resident's link, printing and revoking. */
export function PassDetailDrawer({
  passId,
  initial,
  canIssue,
  onClose,
}: {
  passId: string;
  initial?: PassDto;
  canIssue: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const pass = usePass(passId, initial);
  const [revoking, setRevoking] = useState(false);
  const p = pass.data;
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const usable = p && (p.state === 'active' || p.state === 'not_yet_valid');

  return (
    <Drawer
      open
      onClose={onClose}
      title={p ? t('checkpoints.pass.drawerTitle', { holder: p.holder }) : t('checkpoints.nav.passes')}
      size={isMobile ? '100%' : 520}
      destroyOnHidden
      styles={{ body: { padding: isMobile ? 16 : 24 } }}
      extra={
        p && (
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!usable}
            onClick={() => navigate(`/print/passes?ids=${p.id}`)}
            data-testid="pass-print"
          >
            {t('checkpoints.pass.print')}
          </Button>
        )
      }
    >
      {pass.isError && !p ? (
        <LoadError error={pass.error} onRetry={() => void pass.refetch()} />
      ) : !p ? (
        <Skeleton active />
      ) : (
        <div style={{ display: 'grid', gap: 16 }} data-testid="pass-detail" data-state={p.state}>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
            <PassQr pass={p} size={isMobile ? 200 : 180} />
            <div style={{ display: 'grid', gap: 6, minWidth: 0, flex: 1 }}>
              <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap' }}>
                <PassKindTag kind={p.kind} />
                <PassStateTag state={p.state} />
                {p.exception && <ExceptionTag />}
              </span>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {p.holder}
              </Typography.Title>
              <Typography.Text type="secondary">{p.address}</Typography.Text>
              <Typography.Text>
                {t('checkpoints.pass.validRange', { from: p.validFrom, to: p.validTo })}
              </Typography.Text>
            </div>
          </div>
          {p.state === 'revoked' && (
            <Alert
              type="error"
              showIcon
              title={t('checkpoints.pass.revokedAt', { at: formatDateTime(p.revokedAt) })}
              description={p.revokeReason ? reasonText(t, p.revokeReason) : undefined}
              data-testid="pass-revoked"
            />
          )}
          {usable && (
            <div style={{ display: 'grid', gap: 4 }}>
              <Typography.Text strong>{t('checkpoints.pass.link')}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('checkpoints.pass.linkHint')}
              </Typography.Text>
              <Typography.Paragraph
                copyable={{ text: passLinkUrl(p.link), tooltips: [t('common.copy'), t('common.copied')] }}
                style={{
                  margin: 0,
                  wordBreak: 'break-all',
                  fontFamily: 'monospace',
                  fontSize: 13,
                  padding: '6px 8px',
                  background: 'rgba(0,0,0,0.04)',
                  borderRadius: 4,
                }}
                data-testid="pass-link"
              >
                {passLinkUrl(p.link)}
              </Typography.Paragraph>
            </div>
          )}
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'units',
                label: t('checkpoints.pass.units'),
                children: p.units.map((u) => u.name).join(t('checkpoints.listSeparator')) || none,
              },
              ...(p.kind === 'household'
                ? [{ key: 'members', label: t('checkpoints.pass.members'), children: String(p.members) }]
                : []),
              ...(p.employer
                ? [{ key: 'employer', label: t('checkpoints.issue.employer'), children: p.employer }]
                : []),
              ...(p.holderPhone
                ? [{ key: 'phone', label: t('checkpoints.issue.holderPhone'), children: p.holderPhone }]
                : []),
              { key: 'note', label: t('checkpoints.field.note'), children: p.note || none },
              { key: 'issuedBy', label: t('checkpoints.pass.issuedBy'), children: p.issuedBy ?? none },
              {
                key: 'createdAt',
                label: t('checkpoints.pass.createdAt'),
                children: formatDateTime(p.createdAt),
              },
            ]}
          />
          {canIssue && p.state !== 'revoked' && (
            <Button
              danger
              icon={<StopOutlined />}
              size={isMobile ? 'large' : 'middle'}
              onClick={() => setRevoking(true)}
              data-testid="pass-revoke"
              style={{ justifySelf: 'start' }}
            >
              {t('checkpoints.revoke.title')}
            </Button>
          )}
        </div>
      )}
      {revoking && p && <PassRevokeModal pass={p} onClose={() => setRevoking(false)} />}
    </Drawer>
  );
}
