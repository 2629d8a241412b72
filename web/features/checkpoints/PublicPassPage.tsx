import { Alert, Result, Skeleton, Typography, theme } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { PublicPassDto } from '../../../domain/checkpoints';
import { ApiError } from '../../app/api/client';
import { Brand } from '../../app/shell/Brand';
import { LanguageSwitch } from '../../app/shell/LanguageSwitch';
import { LoadError, Loading } from '../../components/states';
import { publicPassQrUrl, usePublicPass } from './checkpoints.api';

/** Keeps the phone's screen on while the pass is shown (where the browser allows it). */
function useWakeLock() {
  useEffect(() => {
    const nav = navigator as Navigator & {
      wakeLock?: { request: (type: 'screen') => Promise<{ release: () => Promise<void> }> };
    };
    let lock: { release: () => Promise<void> } | undefined;
    let released = false;
    nav.wakeLock
      ?.request('screen')
      .then((l) => {
        if (released) void l.release();
        else lock = l;
      })
      .catch(() => undefined);
    return () => {
      released = true;
      void lock?.release().catch(() => undefined);
    };
  }, []);
}

function PassView({ secret, pass }: { secret: string; pass: PublicPassDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [img, setImg] = useState<'loading' | 'ok' | 'error'>('loading');
  const usable = pass.state === 'active' || pass.state === 'not_yet_valid';
  useWakeLock();
  return (
    <div
      style={{
        background: '#fff',
        borderRadius: 16,
        overflow: 'hidden',
        boxShadow: '0 2px 12px rgba(0,0,0,0.08)',
        display: 'grid',
      }}
      data-testid="public-pass"
      data-state={pass.state}
    >
      <div
        style={{
          background: usable ? '#15396b' : token.colorTextTertiary,
          color: '#fff',
          padding: '14px 20px',
        }}
      >
        <div style={{ fontSize: 26, fontWeight: 700, letterSpacing: 6 }}>{t('checkpoints.print.title')}</div>
        <div style={{ fontSize: 17, fontWeight: 600, marginTop: 2 }}>{pass.compound}</div>
      </div>
      <div style={{ padding: 20, display: 'grid', gap: 12, justifyItems: 'center' }}>
        {usable ? (
          <div style={{ width: 'min(78vw, 320px)', aspectRatio: '1', display: 'grid', placeItems: 'center' }}>
            {img === 'loading' && <Skeleton.Image active style={{ width: 240, height: 240 }} />}
            {img === 'error' ? (
              <Typography.Text type="danger">{t('checkpoints.pass.qrFailed')}</Typography.Text>
            ) : (
              <img
                src={publicPassQrUrl(secret)}
                alt={t('checkpoints.pass.qrAlt', { holder: pass.holder })}
                onLoad={() => setImg('ok')}
                onError={() => setImg('error')}
                style={{
                  width: '100%',
                  height: '100%',
                  imageRendering: 'pixelated',
                  display: img === 'ok' ? 'block' : 'none',
                }}
                data-testid="public-pass-qr"
              />
            )}
          </div>
        ) : (
          <Alert
            type="error"
            showIcon
            title={t(`checkpoints.publicPass.unusable.${pass.state === 'revoked' ? 'revoked' : 'expired'}`)}
            description={t('checkpoints.publicPass.unusableHint')}
            style={{ width: '100%' }}
          />
        )}
        <div style={{ fontSize: 24, fontWeight: 700 }} data-testid="public-pass-holder">
          {pass.holder}
        </div>
        <div
          style={{
            display: 'flex',
            gap: 8,
            alignItems: 'center',
            flexWrap: 'wrap',
            justifyContent: 'center',
          }}
        >
          <span style={{ fontSize: 15 }}>{t(`checkpoints.passKind.${pass.kind}`)}</span>
          <span style={{ color: token.colorTextQuaternary }}>|</span>
          <span
            style={{
              fontSize: 15,
              fontWeight: 600,
              color:
                pass.state === 'active'
                  ? token.colorSuccess
                  : pass.state === 'not_yet_valid'
                    ? token.colorPrimary
                    : token.colorError,
            }}
          >
            {t(`checkpoints.passState.${pass.state}`)}
          </span>
        </div>
        <div
          style={{
            fontSize: 17,
            fontWeight: 600,
            border: `2px solid ${token.colorText}`,
            padding: '4px 12px',
            borderRadius: 6,
          }}
        >
          {t('checkpoints.print.valid', { from: pass.validFrom, to: pass.validTo })}
        </div>
        {usable && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }}>
            {t('checkpoints.publicPass.hint')}
          </Typography.Paragraph>
        )}
      </div>
    </div>
  );
}

/**
 * `/pass/:secret`: the resident's electronic pass on their own phone, no account needed — the QR code
 * large, the compound, the masked name and the dates, the screen kept awake. A revoked or expired
 * pass shows no code.
 */
export function PublicPassPage() {
  const { t } = useTranslation();
  const { secret } = useParams();
  const pass = usePublicPass(secret);

  useEffect(() => {
    const before = document.title;
    document.title = t('checkpoints.publicPass.pageTitle');
    return () => {
      document.title = before;
    };
  }, [t]);

  let body: ReactNode;
  if (pass.isPending) body = <Loading minHeight={320} />;
  else if (pass.isError) {
    const status = pass.error instanceof ApiError ? pass.error.status : 0;
    if (status === 404 || status === 400)
      body = (
        <Result
          status="warning"
          title={t('checkpoints.publicPass.invalid')}
          subTitle={t('checkpoints.publicPass.invalidHint')}
          data-testid="public-pass-invalid"
        />
      );
    else if (status === 429)
      body = <Result status="warning" title={t('checkpoints.publicPass.rateLimited')} />;
    else body = <LoadError error={pass.error} onRetry={() => void pass.refetch()} />;
  } else body = <PassView secret={secret ?? ''} pass={pass.data} />;

  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f9', display: 'flex', flexDirection: 'column' }}>
      <header
        style={{
          background: '#15396b',
          padding: '8px 12px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Brand light size={28} />
        <LanguageSwitch light />
      </header>
      <main
        style={{
          flex: 1,
          width: '100%',
          maxWidth: 480,
          margin: '0 auto',
          padding: '16px 12px 32px',
          boxSizing: 'border-box',
        }}
      >
        {body}
      </main>
    </div>
  );
}
