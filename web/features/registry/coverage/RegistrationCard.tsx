import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { CARE_FLAGS, TRANSPORTS } from '../../../../domain/registry';
import type { CardRoom } from '../coverage.api';
import { QrSvg } from './RoomQr';

const MEMBER_ROWS = [1, 2, 3, 4, 5];
const TRAVEL_ROWS = [1, 2];
/** The entry page's fields, in its order; sex and birth date only matter without a resident ID. */
const MEMBER_COLS = [
  ['no', '6%', 'coverage.cards.no'],
  ['name', '12%', 'registry.field.name'],
  ['id', '24%', 'registry.field.idNumber'],
  ['sexBirth', '13%', 'coverage.cards.sexBirth'],
  ['phone', '15%', 'registry.field.phone'],
  ['relation', '10%', 'registry.field.relation'],
  ['residence', '10%', 'registry.field.residenceStatus'],
  ['care', '10%', 'coverage.cards.careFlags'],
] as const;
const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧'];

/**
 * Styles of the printed sheets: A4, two cards a page, never a card cut in two. Millimetres and points,
 * so the paper looks the same whatever the screen. On screen the sheets are shown as paper on a desk.
 */
export const CARDS_CSS = `
@page { size: A4; margin: 12mm; }
.sw-cards { background: #e9ecf1; min-height: 100vh; padding: 16px 0 32px; color: #000; }
.sw-sheet {
  box-sizing: border-box; width: 210mm; height: 297mm; padding: 12mm; margin: 0 auto 16px;
  background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18);
  display: flex; flex-direction: column; justify-content: space-between; overflow: hidden;
}
.sw-cut { border-top: 0.3mm dashed #999; margin: 0 -4mm; }
.sw-card {
  box-sizing: border-box; height: 131mm; border: 0.4mm solid #000; padding: 3mm 3.5mm;
  display: flex; flex-direction: column; gap: 1.6mm; break-inside: avoid; page-break-inside: avoid;
  font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, serif; font-size: 9pt; line-height: 1.25;
}
.sw-card table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.sw-card th, .sw-card td { border: 0.25mm solid #000; padding: 0 1mm; text-align: center; }
.sw-card th {
  font-weight: 600; font-size: 8pt; height: 6mm; background: #f0f0f0;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.sw-card td { height: 7.2mm; }
.sw-card-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 3mm; }
.sw-card-title { font-size: 17pt; font-weight: 700; letter-spacing: 1.5mm; margin: 0; line-height: 1.2; }
.sw-card-addr { font-size: 10.5pt; font-weight: 600; margin-top: 1.5mm; overflow-wrap: anywhere; }
.sw-card-sub { font-size: 7.5pt; color: #333; }
.sw-card-label { font-weight: 600; font-size: 9pt; }
.sw-card-notes { flex: 1; min-height: 9mm; border: 0.25mm solid #000; padding: 1mm 1.5mm; }
.sw-card-legend { display: flex; flex-wrap: wrap; column-gap: 3mm; }
.sw-card-sign { display: flex; gap: 4mm; align-items: flex-end; font-size: 9pt; }
.sw-card-sign > span { white-space: nowrap; flex: none; }
.sw-card-sign > span.sw-card-code { white-space: normal; flex: 1; min-width: 0; text-align: right; overflow-wrap: anywhere; }
.sw-card-sign span.line { display: inline-block; border-bottom: 0.25mm solid #000; min-width: 24mm; height: 5mm; }
.sw-card-code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 6.5pt; color: #333; }
.sw-card-qr { display: flex; flex-direction: column; align-items: center; flex: none; }
.sw-left { text-align: left !important; }
@media screen and (max-width: 840px) { .sw-sheet { zoom: 0.45; } }
@media print {
  html, body { background: #fff !important; }
  .sw-no-print { display: none !important; }
  .sw-cards { background: none; padding: 0; min-height: 0; }
  .sw-sheet {
    width: auto; height: 272mm; padding: 0; margin: 0; box-shadow: none;
    break-after: page; page-break-after: always;
  }
  .sw-sheet:last-child { break-after: auto; page-break-after: auto; }
}
`;

/** One 入户登记卡: the room's address and code, blank rows for the members, travel, notes, signatures. */
export const RegistrationCard = memo(function RegistrationCard({ room }: { room: CardRoom }) {
  const { t } = useTranslation();
  const address = room.address.join(' ');
  const flags = CARE_FLAGS.map((f, i) => `${CIRCLED[i]}${t(`registry.careFlag.${f}`)}`).join(' ');
  const transports = TRANSPORTS.map((m) => `□${t(`registry.transport.${m}`)}`).join(' ');
  const entryUrl = `${window.location.origin}/registry/entry?room=${room.id}`;
  return (
    <article className="sw-card" data-testid="registration-card" data-room={room.id}>
      <div className="sw-card-head">
        <div style={{ minWidth: 0 }}>
          <h2 className="sw-card-title">{t('coverage.cards.title')}</h2>
          <div className="sw-card-addr" data-testid="card-address">
            {t('coverage.cards.address')}
            {t('common.colon')}
            {address}
          </div>
        </div>
        <div className="sw-card-qr">
          <QrSvg text={entryUrl} size="17mm" label={t('coverage.cards.roomCode')} />
        </div>
      </div>

      <table>
        <colgroup>
          {MEMBER_COLS.map(([key, width]) => (
            <col key={key} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {MEMBER_COLS.map(([key, , label]) => (
              <th key={key}>{t(label)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {MEMBER_ROWS.map((n) => (
            <tr key={n}>
              {MEMBER_COLS.map(([key]) => (
                <td key={key}>{key === 'no' ? n : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sw-card-sub sw-card-legend">
        <span>{t('coverage.cards.sexBirthHint')}</span>
        <span>{t('coverage.cards.residenceLegend')}</span>
        <span>{t('coverage.cards.careLegend', { flags })}</span>
      </div>

      <div className="sw-card-label">{t('coverage.cards.travelAway')}</div>
      <table>
        <colgroup>
          <col style={{ width: '15%' }} />
          <col style={{ width: '24%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '45%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{t('coverage.cards.travelWho')}</th>
            <th>{t('coverage.cards.travelFrom')}</th>
            <th>{t('coverage.cards.returnedOn')}</th>
            <th>{t('coverage.cards.transport')}</th>
          </tr>
        </thead>
        <tbody>
          {TRAVEL_ROWS.map((n) => (
            <tr key={n}>
              <td />
              <td />
              <td />
              <td className="sw-card-sub">{transports}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="sw-card-notes">
        <span className="sw-card-label">
          {t('coverage.cards.notes')}
          {t('common.colon')}
        </span>
      </div>

      <div className="sw-card-sign">
        <span>
          {t('coverage.cards.registrar')}
          {t('common.colon')}
          <span className="line" />
        </span>
        <span>
          {t('coverage.cards.date')}
          {t('common.colon')}
          <span className="line" />
        </span>
        <span>
          {t('coverage.cards.signature')}
          {t('common.colon')}
          <span className="line" />
        </span>
        <span style={{ marginLeft: 'auto' }} className="sw-card-code" data-testid="card-code">
          {t('coverage.cards.roomCode')} {room.id}
        </span>
      </div>
    </article>
  );
});
