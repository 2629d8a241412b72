import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { countersOf, type RollupDto } from '../../../domain/reports';
import { formatDateTime } from '../../components/format';
import { LoadError, Loading } from '../../components/states';
import { useSession } from '../auth/auth.api';
import {
  dayParam,
  formatCoverage,
  formatNumber,
  ROLLUP_COLUMNS,
  useDayFormat,
  useInstantFormat,
} from './report-display';
import { useRollup } from './reports.api';

/** A4 landscape: the sheet is laid out at its printed size and scaled down on a phone screen. */
const PRINT_CSS = `
@page { size: A4 landscape; margin: 10mm; }
.sw-rollup { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; color: #000; }
.sw-rollup-sheet {
  box-sizing: border-box; width: 297mm; min-height: 210mm; padding: 10mm; margin: 0 auto 16px;
  background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18);
  font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, serif; font-size: 10pt; line-height: 1.35;
}
.sw-rollup-sheet h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; letter-spacing: 1mm; }
.sw-rollup-meta { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 2mm 6mm; margin-bottom: 3mm; }
.sw-rollup-sheet h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
.sw-rollup-sheet table { width: 100%; border-collapse: collapse; }
.sw-rollup-sheet th, .sw-rollup-sheet td { border: 0.25mm solid #000; padding: 1mm 1.5mm; }
.sw-rollup-sheet th { background: #f0f0f0; font-weight: 600; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sw-rollup-sheet td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sw-rollup-sheet tr.total td { font-weight: 700; }
.sw-rollup-sheet tr { break-inside: avoid; page-break-inside: avoid; }
.sw-rollup-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.sw-rollup-foot { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 2mm; margin-top: 6mm; }
@media screen and (max-width: 1160px) { .sw-rollup-sheet { zoom: 0.31; } }
@media screen and (min-width: 700px) and (max-width: 1160px) { .sw-rollup-sheet { zoom: 0.6; } }
@media print {
  html, body { background: #fff !important; }
  .sw-no-print { display: none !important; }
  .sw-rollup { background: none; padding: 0; min-height: 0; }
  .sw-rollup-sheet { width: auto; min-height: 0; padding: 0; margin: 0; box-shadow: none; zoom: 1 !important; }
}
`;

/**
 * The roll-up as a sheet to print and sign (`?date=`, `?unit=`): the status of every community's
 * report, their main figures with the total, and their notable events and needs. Outside the shell.
 */
export function RollupPrintPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const date = dayParam(sp.get('date'));
  const unit = sp.get('unit') || undefined;
  const rollup = useRollup(unit, date);
  const data = rollup.data;

  useEffect(() => {
    if (!data) return;
    const before = document.title;
    document.title = `${t('reports.print.pageTitle')} · ${data.unit.name} · ${data.date}`;
    return () => {
      document.title = before;
    };
  }, [data, t]);

  const back = `/reports/rollup?${new URLSearchParams({ ...(unit ? { unit } : {}), ...(date ? { date } : {}) })}`;
  let content: ReactNode = null;
  if (rollup.isError) content = <LoadError error={rollup.error} onRetry={() => void rollup.refetch()} />;
  else if (!data) content = <Loading minHeight={320} />;

  return (
    <div className="sw-rollup">
      <style>{PRINT_CSS}</style>
      <header
        className="sw-no-print"
        style={{
          maxWidth: 'min(297mm, 100%)',
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
            aria-label={t('reports.print.back')}
            title={t('reports.print.back')}
            size="large"
            onClick={() => navigate(back)}
          />
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 160 }}>
            {t('reports.print.pageTitle')}
          </Typography.Title>
          <Button
            type="primary"
            size="large"
            icon={<PrinterOutlined />}
            disabled={!data}
            onClick={() => window.print()}
            data-testid="rollup-print-now"
          >
            {t('reports.print.print')}
          </Button>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('reports.print.hint')}
        </Typography.Text>
        {content}
      </header>
      {data && <Sheet data={data} />}
    </div>
  );
}

function Sheet({ data }: { data: RollupDto }) {
  const me = useSession();
  const { t } = useTranslation();
  const fmt = useDayFormat();
  const at = useInstantFormat();
  const c = data.counts;
  const summary = [
    `${t('reports.rollup.counts.communities')} ${c.communities}`,
    `${t('reports.rollup.counts.submitted')} ${c.submitted}`,
    `${t('reports.rollup.counts.late')} ${c.late}`,
    `${t('reports.rollup.counts.missing')} ${c.missing + c.due + c.open}`,
    `${t('reports.rollup.counts.zeroReports')} ${c.zeroReports}`,
  ].join('，');
  const texts = data.communities.filter((x) => x.notableEvents || x.needs);
  const total = countersOf(data.total);
  return (
    <main className="sw-rollup-sheet" data-testid="rollup-sheet">
      <h1>{t('reports.print.title', { unit: data.unit.name })}</h1>
      <div className="sw-rollup-meta">
        <span>{t('reports.print.date', { date: fmt.full(data.date) })}</span>
        <span>{t('reports.print.period', { start: at(data.period.start), end: at(data.period.end) })}</span>
        <span>{t('reports.print.status', { summary })}</span>
      </div>
      <h2>{t('reports.print.figures')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('reports.rollup.col.community')}</th>
            <th>{t('reports.rollup.col.status')}</th>
            <th>{t('reports.rollup.col.submittedAt')}</th>
            {ROLLUP_COLUMNS.map((k) => (
              <th key={k}>{t(`reports.rollup.col.${k}`)}</th>
            ))}
            <th>{t('reports.rollup.col.coverage')}</th>
          </tr>
        </thead>
        <tbody>
          {data.communities.map((row) => {
            const k = countersOf(row.figures);
            const status = [
              t(`reports.status.${row.status}`),
              row.version !== null && row.zeroReport ? t('reports.daily.zero') : '',
              row.version !== null && row.version > 1 ? t('reports.daily.versionN', { n: row.version }) : '',
            ]
              .filter(Boolean)
              .join(' · ');
            return (
              <tr key={row.unit.id} data-testid="print-row">
                <td>{row.unit.name}</td>
                <td>{status}</td>
                <td>{row.submittedAt ? `${at(row.submittedAt, data.date)} ${row.submittedBy ?? ''}` : ''}</td>
                {ROLLUP_COLUMNS.map((key) => (
                  <td key={key} className="num">
                    {formatNumber(k[key])}
                    {row.figuresFrom === 'compiled' ? '*' : ''}
                  </td>
                ))}
                <td className="num">{formatCoverage(row.figures.registry.coverage)}</td>
              </tr>
            );
          })}
          <tr className="total">
            <td colSpan={3}>{t('reports.rollup.total')}</td>
            {ROLLUP_COLUMNS.map((key) => (
              <td key={key} className="num">
                {formatNumber(total[key])}
              </td>
            ))}
            <td className="num">{formatCoverage(data.total.registry.coverage)}</td>
          </tr>
        </tbody>
      </table>
      {data.communities.some((x) => x.figuresFrom === 'compiled') && (
        <p style={{ margin: '1mm 0 0', fontSize: '8.5pt' }}>* {t('reports.rollup.figuresCompiled')}</p>
      )}
      <h2>{t('reports.print.texts')}</h2>
      {texts.length === 0 ? (
        <p>{t('reports.rollup.notableEmpty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th style={{ width: '16%' }}>{t('reports.rollup.col.community')}</th>
              <th style={{ width: '42%' }}>{t('reports.daily.text.notableEvents')}</th>
              <th>{t('reports.daily.text.needs')}</th>
            </tr>
          </thead>
          <tbody>
            {texts.map((x) => (
              <tr key={x.unit.id}>
                <td>{x.unit.name}</td>
                <td className="sw-rollup-text">{x.notableEvents ?? ''}</td>
                <td className="sw-rollup-text">{x.needs ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="sw-rollup-foot">
        <span>{t('reports.print.signature')}</span>
        <span>
          {t('reports.print.printedBy', {
            name: me.displayName,
            time: formatDateTime(new Date().toISOString()),
          })}
        </span>
      </div>
    </main>
  );
}
