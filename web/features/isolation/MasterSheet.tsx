import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { FEVER_THRESHOLD, type ShiftState } from '../../../domain/isolation';
import { formatDateTime } from '../../components/format';
import type { MasterRow, MasterTableDto } from './alerts.api';

/**
 * A4 landscape; the header row repeats on every printed page; colours print as they are and every
 * state is also written (✓, ✗, 待测), so a grey copy reads the same.
 */
export const MASTER_CSS = `
@page { size: A4 landscape; margin: 10mm; }
.sw-master { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; color: #000; }
.sw-master-toolbar {
  max-width: min(297mm, 100%); box-sizing: border-box; margin: 0 auto 16px; padding: 12px 16px;
  background: #fff; border-radius: 8px; display: grid; gap: 10px;
}
.sw-master-sheet {
  box-sizing: border-box; width: 297mm; max-width: 100%; min-height: 210mm; margin: 0 auto; padding: 10mm;
  background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18);
  font-family: 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 9pt;
}
.sw-master-scroll { overflow-x: auto; }
.sw-master h1 { font-size: 16pt; margin: 0 0 2mm; text-align: center; letter-spacing: 1mm; }
.sw-master-meta { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2mm 6mm; margin-bottom: 2mm; }
.sw-master-counts { margin-bottom: 3mm; }
.sw-master table { width: 100%; border-collapse: collapse; min-width: 240mm; }
.sw-master th, .sw-master td { border: 0.25mm solid #000; padding: 1mm 1.2mm; text-align: center; vertical-align: middle; }
.sw-master th { background: #f0f0f0; font-weight: 600; }
.sw-master td.sw-left { text-align: left; }
.sw-master tr { break-inside: avoid; page-break-inside: avoid; }
.sw-master thead { display: table-header-group; }
.sw-master .s-done { background: #c6efce; }
.sw-master .s-overdue { background: #ffc7ce; font-weight: 700; }
.sw-master .s-due { background: #ffeb9c; }
.sw-master .s-fever { background: #ffc7ce; color: #9c0006; font-weight: 700; }
.sw-master .s-none, .sw-master .s-not_yet_due { color: #666; }
.sw-master tr.r-overdue td.sw-name { box-shadow: inset 1.2mm 0 0 #d4380d; }
.sw-master-foot { display: flex; justify-content: space-between; margin-top: 3mm; font-size: 8pt; color: #333; }
.sw-master-follow { margin-top: 4mm; }
.sw-master-follow h2 { font-size: 11pt; margin: 0 0 1mm; }
@media screen and (max-width: 840px) { .sw-master-sheet { padding: 4mm; } }
@media print {
  html, body { background: #fff !important; }
  .sw-no-print { display: none !important; }
  .sw-master { background: none; padding: 0; min-height: 0; }
  .sw-master-sheet { width: auto; min-height: 0; padding: 0; margin: 0; box-shadow: none; }
  .sw-master-scroll { overflow: visible; }
  .sw-master table { min-width: 0; }
  * { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
}
`;

const SHIFT_MARK: Record<ShiftState, string> = {
  done: '✓',
  overdue: '✗',
  due: '',
  not_yet_due: '',
  none: '',
};

function ShiftTd({ s }: { s: MasterRow['shifts'][number] }) {
  const { t } = useTranslation();
  const fever = s.temperature !== null && s.temperature >= FEVER_THRESHOLD;
  const cls = fever ? 's-fever' : `s-${s.state}`;
  const text =
    s.state === 'done' && s.temperature !== null
      ? `${SHIFT_MARK.done} ${s.temperature.toFixed(1)}`
      : s.state === 'none'
        ? '—'
        : `${SHIFT_MARK[s.state]} ${t(`alerts.master.shift.${s.state}`)}`.trim();
  return (
    <td className={cls} data-testid="master-shift" data-state={s.state}>
      {text}
    </td>
  );
}

/** The table itself, as printed. */
export const MasterSheet = memo(function MasterSheet({
  table,
  printedBy,
}: {
  table: MasterTableDto;
  printedBy: string;
}) {
  const { t } = useTranslation();
  const c = table.counts;
  const shifts = table.rows[0]?.shifts.length ?? 2;
  const shiftName = (i: number) =>
    shifts === 2
      ? t(i === 0 ? 'alerts.master.morning' : 'alerts.master.afternoon')
      : t('alerts.master.nth', { n: String(i + 1) });
  return (
    <main className="sw-master-sheet" data-testid="master-sheet">
      <h1>{t('alerts.master.title')}</h1>
      <div className="sw-master-meta">
        <span data-testid="master-unit-name">{t('alerts.master.unit', { unit: table.unit.name })}</span>
        <span data-testid="master-date-text">{t('alerts.master.date', { date: table.date })}</span>
        <span>
          {t('alerts.master.printed', { by: printedBy, at: formatDateTime(new Date().toISOString()) })}
        </span>
      </div>
      <div className="sw-master-counts" data-testid="master-counts">
        {t('alerts.master.counts', {
          rows: String(c.rows),
          done: String(c.done),
          due: String(c.due),
          overdue: String(c.overdue),
          notYetDue: String(c.notYetDue),
          carried: String(c.carriedOver),
          carriedPersons: String(c.carriedOverPersons),
          ending: String(c.endingToday),
          followUps: String(c.followUpsDue),
        })}
      </div>
      <div className="sw-master-scroll">
        <table>
          <thead>
            <tr>
              <th style={{ width: '4%' }}>{t('alerts.master.col.no')}</th>
              <th style={{ width: '8%' }}>{t('alerts.master.col.name')}</th>
              <th>{t('alerts.master.col.address')}</th>
              <th style={{ width: '8%' }}>{t('alerts.master.col.category')}</th>
              <th style={{ width: '6%' }}>{t('alerts.master.col.kind')}</th>
              <th style={{ width: '8%' }}>{t('alerts.master.col.start')}</th>
              <th style={{ width: '8%' }}>{t('alerts.master.col.end')}</th>
              {Array.from({ length: shifts }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: shifts are positions of the day
                <th key={i} style={{ width: '8%' }}>
                  {shiftName(i)}
                </th>
              ))}
              <th style={{ width: '7%' }}>{t('alerts.master.col.state')}</th>
              <th style={{ width: '5%' }}>{t('alerts.master.col.missed')}</th>
              <th style={{ width: '9%' }}>{t('alerts.master.col.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr
                key={r.isolationId}
                className={`r-${r.state}`}
                data-testid="master-row"
                data-isolation={r.isolationId}
                data-state={r.state}
              >
                <td>{i + 1}</td>
                <td className="sw-left sw-name">{r.name}</td>
                <td className="sw-left">{r.address}</td>
                <td>{t(`alerts.category.${r.category}`)}</td>
                <td>{t(`alerts.isolationKind.${r.kind}`)}</td>
                <td>{r.startOn}</td>
                <td>{r.plannedEndOn}</td>
                {r.shifts.map((s, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: shifts are positions of the day
                  <ShiftTd key={k} s={s} />
                ))}
                <td className={`s-${r.state}`}>
                  {r.state === 'done' ? '✓ ' : r.state === 'overdue' ? '✗ ' : ''}
                  {t(`alerts.master.state.${r.state}`)}
                </td>
                <td style={{ fontWeight: r.missedBefore > 0 ? 700 : 400 }}>{r.missedBefore || ''}</td>
                <td className="sw-left">
                  {[
                    r.endsToday ? t('alerts.master.endsToday') : '',
                    r.status !== 'active' ? t(`alerts.plan.status.${r.status}`) : '',
                    r.openAlerts > 0 ? t('alerts.master.openAlerts', { count: r.openAlerts }) : '',
                    r.siteName ?? '',
                  ]
                    .filter(Boolean)
                    .join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.followUps.length > 0 && (
        <div className="sw-master-follow" data-testid="master-follow-ups">
          <h2>{t('alerts.master.followUps', { count: table.followUps.length })}</h2>
          <div>
            {table.followUps
              .map((f) =>
                t('alerts.master.followUp', {
                  name: f.name,
                  address: f.address,
                  day: String(f.dayAfter),
                  due: f.dueOn,
                }),
              )
              .join('；')}
          </div>
        </div>
      )}
      <div className="sw-master-foot">
        <span>{t('alerts.master.legend')}</span>
        <span>
          {t('alerts.master.generated', { at: formatDateTime(table.generatedAt), tz: table.timeZone })}
        </span>
      </div>
    </main>
  );
});
