import { ArrowLeftOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorMessage, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useUnitDetail } from './registry.api';
import { registrationUrl, useRegistrationLink, useRotateLink } from './selfreg.api';

/** Print rules: one A4 portrait sheet, nothing but the sheet. */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 0; }
.poster-sheet { width: 100%; max-width: 210mm; margin: 0 auto; background: #fff; box-sizing: border-box;
  padding: clamp(20px, 6vw, 18mm) clamp(16px, 5vw, 16mm); text-align: center; color: #111827;
  box-shadow: 0 4px 24px rgba(15, 23, 42, 0.12); display: flex; flex-direction: column; align-items: center; }
.poster-name { font-size: clamp(28px, 8vw, 60px); font-weight: 800; line-height: 1.15; margin: 0.2em 0 0; word-break: break-all; }
.poster-heading { font-size: clamp(26px, 7vw, 52px); font-weight: 800; color: #b91c1c; letter-spacing: 0.2em; margin: 0.35em 0 0.1em; }
.poster-qr { width: min(72vw, 120mm); height: min(72vw, 120mm); margin: 4mm 0; image-rendering: pixelated; }
.poster-steps { text-align: left; font-size: clamp(15px, 4vw, 20px); line-height: 1.7; margin: 2mm 0 0; padding-left: 1.4em; }
.poster-url { font-size: 12px; color: #4b5563; word-break: break-all; margin-top: 6mm; }
@media print {
  html, body, #root { background: #fff !important; }
  .no-print { display: none !important; }
  .poster-page { padding: 0 !important; background: #fff !important; }
  .poster-sheet { width: 210mm; max-width: none; height: 297mm; padding: 18mm 16mm; box-shadow: none;
    page-break-after: avoid; break-inside: avoid; overflow: hidden; }
  .poster-name { font-size: 44pt; }
  .poster-heading { font-size: 40pt; }
  .poster-qr { width: 120mm; height: 120mm; }
  .poster-steps { font-size: 15pt; }
  .poster-url { font-size: 10pt; }
}
`;

/** `/print/poster/:compoundId`: the compound's QR poster for the notice board, A4 portrait. */
export function PosterPage() {
  const { compoundId } = useParams();
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const unit = useUnitDetail(compoundId);
  const link = useRegistrationLink(compoundId);
  const rotate = useRotateLink(compoundId ?? '');
  const [qr, setQr] = useState<string | null>(null);
  const url = link.data ? registrationUrl(link.data.token) : null;

  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((svg) => {
      if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [url]);

  const confirmRotate = () =>
    modal.confirm({
      title: t('selfreg.poster.rotateTitle'),
      content: t('selfreg.poster.rotateConfirm'),
      okText: t('selfreg.poster.rotateOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        rotate
          .mutateAsync()
          .then(() => void message.success(t('selfreg.poster.rotated')))
          .catch((error: unknown) => void message.error(errorMessage(error, t('error.network')))),
    });

  let sheet: React.ReactNode;
  if (link.isPending || unit.isPending) sheet = <Loading minHeight={480} />;
  else if (link.isError || unit.isError)
    sheet = (
      <LoadError
        error={link.error ?? unit.error}
        onRetry={() => {
          void link.refetch();
          void unit.refetch();
        }}
      />
    );
  else {
    const above = unit.data.ancestors;
    const subdistrict = above.find((a) => a.type === 'subdistrict')?.name;
    const community = above.find((a) => a.type === 'community' || a.type === 'village')?.name;
    sheet = (
      <>
        {(subdistrict || community) && (
          <div style={{ fontSize: 'clamp(14px, 3.6vw, 20px)', color: '#374151' }} data-testid="poster-area">
            {[subdistrict, community].filter(Boolean).join(' · ')}
          </div>
        )}
        <h1 className="poster-name" data-testid="poster-compound">
          {link.data.compound}
        </h1>
        <div className="poster-heading">{t('selfreg.poster.heading')}</div>
        <div style={{ fontSize: 'clamp(14px, 3.8vw, 20px)', color: '#374151' }}>
          {t('selfreg.poster.subheading')}
        </div>
        {qr ? (
          <img
            className="poster-qr"
            src={qr}
            alt={t('selfreg.poster.qrAlt', { compound: link.data.compound })}
            data-testid="poster-qr"
          />
        ) : (
          <div className="poster-qr" />
        )}
        <ol className="poster-steps">
          <li>{t('selfreg.poster.step1')}</li>
          <li>{t('selfreg.poster.step2')}</li>
          <li>{t('selfreg.poster.step3')}</li>
        </ol>
        <div style={{ marginTop: '3mm', fontSize: 'clamp(13px, 3.4vw, 16px)', color: '#4b5563' }}>
          {t('selfreg.poster.note')}
        </div>
        <div className="poster-url">
          {t('selfreg.poster.urlHint')}
          <br />
          <span data-testid="poster-url" style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
            {url}
          </span>
        </div>
      </>
    );
  }

  return (
    <div
      className="poster-page"
      style={{ minHeight: '100vh', background: '#e5e7eb', padding: '12px 12px 32px' }}
    >
      <style>{PRINT_CSS}</style>
      <div
        className="no-print"
        style={{
          maxWidth: '210mm',
          margin: '0 auto 12px',
          display: 'flex',
          flexWrap: 'wrap',
          gap: 8,
          alignItems: 'center',
        }}
      >
        <Button
          icon={<ArrowLeftOutlined />}
          size="large"
          onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/registry/registrations'))}
        >
          {t('selfreg.poster.back')}
        </Button>
        {!isMobile && <span style={{ flex: 1 }} />}
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          size="large"
          disabled={!qr}
          onClick={() => window.print()}
          style={isMobile ? { flex: 1 } : undefined}
          data-testid="poster-print"
        >
          {t('selfreg.poster.print')}
        </Button>
        <Button
          icon={<SyncOutlined />}
          size="large"
          danger
          disabled={!link.data}
          loading={rotate.isPending}
          onClick={confirmRotate}
          style={isMobile ? { flexBasis: '100%' } : undefined}
          data-testid="poster-rotate"
        >
          {t('selfreg.poster.rotate')}
        </Button>
        <Typography.Text type="secondary" style={{ width: '100%', fontSize: 12 }}>
          {t('selfreg.poster.printHint')}
        </Typography.Text>
      </div>
      <div className="poster-sheet" data-testid="poster-sheet">
        {sheet}
      </div>
    </div>
  );
}
