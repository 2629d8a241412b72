import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Typography } from 'antd';
import { memo, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { PassDto } from '../../../domain/checkpoints';
import { decodePassToken } from '../../../domain/passes';
import { LoadError, Loading } from '../../components/states';
import { PRINT_CAP, passQrUrl, usePassesById } from './checkpoints.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Four cards to an A4 sheet (2 × 2), cut apart along the dashed lines. */
const PASS_CSS = `
@page { size: A4; margin: 10mm; }
.sw-passes { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; color: #000; }
.sw-pass-sheet {
  box-sizing: border-box; width: 210mm; height: 297mm; padding: 10mm; margin: 0 auto 16px;
  background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18);
  display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr; gap: 6mm; overflow: hidden;
}
.sw-pass {
  box-sizing: border-box; border: 0.5mm solid #000; border-radius: 3mm; overflow: hidden;
  display: flex; flex-direction: column; break-inside: avoid; page-break-inside: avoid; outline: 0.3mm dashed #999;
  outline-offset: 3mm; font-family: 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif;
}
.sw-pass-head {
  background: #15396b; color: #fff; padding: 2.5mm 4mm; display: flex; justify-content: space-between;
  align-items: baseline; gap: 2mm; -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.sw-pass-head.exception { background: #b0154b; }
.sw-pass-title { font-size: 20pt; font-weight: 700; letter-spacing: 2mm; margin: 0; line-height: 1.1; }
.sw-pass-kind { font-size: 11pt; font-weight: 600; white-space: nowrap; }
.sw-pass-body { flex: 1; display: flex; flex-direction: column; align-items: center; padding: 2.5mm 4mm 3mm; gap: 1.5mm; min-height: 0; }
.sw-pass-units { font-size: 13pt; font-weight: 700; text-align: center; overflow-wrap: anywhere; line-height: 1.2; }
.sw-pass-qr { width: 68mm; height: 68mm; image-rendering: pixelated; flex: none; }
.sw-pass-holder { font-size: 18pt; font-weight: 700; letter-spacing: 0.5mm; line-height: 1.15; text-align: center; }
.sw-pass-addr { font-size: 10pt; text-align: center; overflow-wrap: anywhere; line-height: 1.25; }
.sw-pass-valid { font-size: 12pt; font-weight: 700; border: 0.4mm solid #000; padding: 0.8mm 2.5mm; white-space: nowrap; }
.sw-pass-foot { font-size: 7.5pt; color: #333; text-align: center; line-height: 1.3; margin-top: auto; }
.sw-pass-no { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 7.5pt; color: #333; }
@media screen and (max-width: 840px) { .sw-pass-sheet { zoom: 0.45; } }
@media print {
  html, body { background: #fff !important; }
  .sw-no-print { display: none !important; }
  .sw-passes { background: none; padding: 0; min-height: 0; }
  .sw-pass-sheet {
    width: auto; height: 277mm; padding: 0; margin: 0; box-shadow: none;
    break-after: page; page-break-after: always;
  }
  .sw-pass-sheet:last-child { break-after: auto; page-break-after: auto; }
}
`;

function fours<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 4) out.push(items.slice(i, i + 4));
  return out;
}

/** The name as the gate shows it: the masked label signed into the code, never the full name. */
function maskedHolder(p: PassDto): string {
  return decodePassToken(p.token)?.claims.label ?? p.holder;
}

/** One card: the compound, a large QR code, the masked holder, the dates in bold. */
const PassCard = memo(function PassCard({
  pass: p,
  onImage,
}: {
  pass: PassDto;
  onImage: (ok: boolean) => void;
}) {
  const { t } = useTranslation();
  const units = p.units.map((u) => u.name).join(t('checkpoints.listSeparator'));
  return (
    <article className="sw-pass" data-testid="print-pass" data-pass={p.id}>
      <header className={`sw-pass-head${p.exception ? ' exception' : ''}`}>
        <h2 className="sw-pass-title">{t('checkpoints.print.title')}</h2>
        <span className="sw-pass-kind">
          {p.exception ? t('checkpoints.pass.exception') : t(`checkpoints.passKind.${p.kind}`)}
        </span>
      </header>
      <div className="sw-pass-body">
        <div className="sw-pass-units">{units}</div>
        <img
          className="sw-pass-qr"
          src={passQrUrl(p.id)}
          alt={t('checkpoints.pass.qrAlt', { holder: maskedHolder(p) })}
          onLoad={() => onImage(true)}
          onError={() => onImage(false)}
          data-testid="print-pass-qr"
        />
        <div className="sw-pass-holder" data-testid="print-pass-holder">
          {maskedHolder(p)}
        </div>
        {p.employer && <div className="sw-pass-addr">{p.employer}</div>}
        <div className="sw-pass-addr">{p.address}</div>
        <div className="sw-pass-valid" data-testid="print-pass-valid">
          {t('checkpoints.print.valid', { from: p.validFrom, to: p.validTo })}
        </div>
        <div className="sw-pass-foot">
          <div>{t('checkpoints.print.rules')}</div>
          <div className="sw-pass-no">
            {t('checkpoints.print.number', { no: p.id.replace(/-/g, '').slice(-10).toUpperCase() })}
          </div>
        </div>
      </div>
    </article>
  );
});

/**
 * 纸质出入证 for residents without a phone (the elderly, children): `?ids=a,b,c`, four cards to an A4
 * sheet, each with the server's QR code large enough to scan through a plastic sleeve. Outside the app
 * shell, so the paper holds only the cards. Revoked or expired passes are left out and named.
 */
export function PassPrintPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const raw = sp.get('ids') ?? '';
  const ids = useMemo(
    () => [...new Set(raw.split(',').map((s) => s.trim()))].filter((s) => UUID.test(s)),
    [raw],
  );
  const tooMany = ids.length > PRINT_CAP;
  const queries = usePassesById(tooMany ? [] : ids);
  const [images, setImages] = useState<Record<string, boolean>>({});

  const failed = queries.find((q) => q.isError);
  const loading = queries.some((q) => q.isPending);
  const passes = queries.flatMap((q) => (q.data ? [q.data] : []));
  const printable = passes.filter((p) => p.state === 'active' || p.state === 'not_yet_valid');
  const skipped = passes.filter((p) => !printable.includes(p));
  const loaded = printable.filter((p) => images[p.id] !== undefined).length;
  const brokenImages = printable.filter((p) => images[p.id] === false).length;

  useEffect(() => {
    const before = document.title;
    document.title = t('checkpoints.print.pageTitle');
    return () => {
      document.title = before;
    };
  }, [t]);

  let content: ReactNode = null;
  if (ids.length === 0)
    content = (
      <Result status="info" title={t('checkpoints.print.none')} subTitle={t('checkpoints.print.noneHint')} />
    );
  else if (tooMany)
    content = (
      <Result
        status="warning"
        title={t('checkpoints.print.tooMany', { count: ids.length, cap: String(PRINT_CAP) })}
      />
    );
  else if (failed) content = <LoadError error={failed.error} onRetry={() => void failed.refetch()} />;
  else if (loading) content = <Loading minHeight={200} />;
  else if (printable.length === 0)
    content = (
      <Result status="warning" title={t('checkpoints.print.nothingPrintable')} data-testid="print-nothing" />
    );

  const ready = printable.length > 0 && loaded === printable.length;
  return (
    <div className="sw-passes">
      <style>{PASS_CSS}</style>
      <header
        className="sw-no-print"
        style={{
          maxWidth: 'min(210mm, 100%)',
          margin: '0 auto 16px',
          padding: '12px 16px',
          background: '#fff',
          borderRadius: 8,
          display: 'grid',
          gap: 10,
        }}
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Button
            icon={<ArrowLeftOutlined />}
            aria-label={t('checkpoints.print.back')}
            title={t('checkpoints.print.back')}
            size="large"
            onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/checkpoints/passes'))}
          />
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 160 }}>
            {t('checkpoints.print.pageTitle')}
          </Typography.Title>
          <Button
            type="primary"
            size="large"
            icon={<PrinterOutlined />}
            disabled={!ready}
            loading={printable.length > 0 && !ready}
            onClick={() => window.print()}
            data-testid="print-passes"
          >
            {t('checkpoints.print.print')}
          </Button>
        </div>
        {printable.length > 0 && (
          <>
            <Typography.Text data-testid="print-count">
              {t('checkpoints.print.count', {
                count: printable.length,
                pages: String(Math.ceil(printable.length / 4)),
              })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('checkpoints.print.hint')}
            </Typography.Text>
          </>
        )}
        {skipped.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('checkpoints.print.skipped', {
              names: skipped
                .map((p) =>
                  t('checkpoints.print.skippedItem', {
                    name: maskedHolder(p),
                    state: t(`checkpoints.passState.${p.state}`),
                  }),
                )
                .join(t('checkpoints.listSeparator')),
            })}
            data-testid="print-skipped"
          />
        )}
        {brokenImages > 0 && (
          <Alert type="error" showIcon title={t('checkpoints.print.qrFailed', { count: brokenImages })} />
        )}
        {content}
      </header>
      <main data-testid="print-sheets">
        {fours(printable).map((four) => (
          <section className="sw-pass-sheet" key={four[0]?.id}>
            {four.map((p) => (
              <PassCard
                key={p.id}
                pass={p}
                onImage={(ok) => setImages((m) => (m[p.id] === ok ? m : { ...m, [p.id]: ok }))}
              />
            ))}
          </section>
        ))}
      </main>
    </div>
  );
}
