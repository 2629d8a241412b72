import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GateEntry } from './gate-db';
import { clockTime, formatTemperature, GATE_COLORS, reasonShort } from './gate-display';

/**
 * The device's recent entries, newest first, each with its state: waiting to be sent, sent (with
 * the server's own verdict when it differs from the gate's), or rejected with the reason — a
 * rejected entry stays here until the guard has seen it.
 */
export function RecentEntries({
  entries,
  onDismiss,
}: {
  entries: readonly GateEntry[];
  onDismiss: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) {
    return (
      <div
        data-testid="gate-recent-empty"
        style={{ textAlign: 'center', color: GATE_COLORS.muted, padding: '20px 8px', fontSize: 15 }}
      >
        {t('gate.recent.empty')}
      </div>
    );
  }
  return (
    <ol
      data-testid="gate-recent"
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
    >
      {entries.map((e) => {
        const allow = e.verdict.decision === 'allow';
        const s = e.summary;
        const facts = [
          formatTemperature(s.temperature),
          s.plate ? `${s.plate}${s.occupants ? `·${s.occupants}` : ''}` : '',
          s.detail ?? '',
        ].filter(Boolean);
        const serverDiffers = e.server?.mismatch === true;
        return (
          <li
            key={e.id}
            data-testid="gate-entry"
            data-state={e.state}
            data-decision={e.verdict.decision}
            style={{
              background: '#fff',
              borderRadius: 10,
              borderLeft: `6px solid ${allow ? GATE_COLORS.allow : GATE_COLORS.deny}`,
              padding: '8px 12px',
              display: 'grid',
              gap: 2,
            }}
          >
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
              <span style={{ fontVariantNumeric: 'tabular-nums', color: GATE_COLORS.muted, fontSize: 14 }}>
                {clockTime(e.createdAt)}
              </span>
              <span
                style={{
                  fontWeight: 700,
                  fontSize: 14,
                  color: s.direction === 'in' ? '#1e5bb8' : '#7c3aed',
                }}
              >
                {t(`gate.direction.${s.direction}`)}
              </span>
              <span
                style={{
                  fontWeight: 600,
                  fontSize: 16,
                  flex: 1,
                  minWidth: 0,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                }}
              >
                {s.label}
                {s.subject === 'visitor' || s.subject === 'courier' ? (
                  <span style={{ fontWeight: 400, color: GATE_COLORS.muted, fontSize: 13 }}>
                    {' '}
                    · {t(`gate.subject.${s.subject}`)}
                  </span>
                ) : null}
              </span>
              <span
                style={{ fontWeight: 700, color: allow ? GATE_COLORS.allow : GATE_COLORS.deny, fontSize: 15 }}
              >
                {allow ? t('gate.verdict.allow') : t('gate.verdict.deny')}
              </span>
            </div>
            {(facts.length > 0 || e.verdict.reasons.length > 0) && (
              <div style={{ fontSize: 14, color: GATE_COLORS.muted }}>
                {[...e.verdict.reasons.map((r) => reasonShort(t, r)), ...facts].join(' · ')}
              </div>
            )}
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
              {e.state === 'waiting' && (
                <Tag color="orange" data-testid="gate-entry-state" style={{ marginInlineEnd: 0 }}>
                  {t('gate.state.waiting')}
                </Tag>
              )}
              {e.state === 'sent' && (
                <Tag color="green" data-testid="gate-entry-state" style={{ marginInlineEnd: 0 }}>
                  {t('gate.state.sent')}
                </Tag>
              )}
              {e.state === 'rejected' && (
                <Tag color="red" data-testid="gate-entry-state" style={{ marginInlineEnd: 0 }}>
                  {t('gate.state.rejected')}
                </Tag>
              )}
              {serverDiffers && e.server && (
                <span style={{ fontSize: 13, color: GATE_COLORS.waiting }}>
                  {e.server.reasons.length > 0
                    ? t('gate.recent.serverSaysWhy', {
                        decision: t('gate.verdict.deny'),
                        reasons: e.server.reasons.map((r) => reasonShort(t, r)).join('、'),
                      })
                    : t('gate.recent.serverSays', {
                        decision:
                          e.server.decision === 'allow' ? t('gate.verdict.allow') : t('gate.verdict.deny'),
                      })}
                </span>
              )}
              {e.server?.alertId && (
                <span style={{ fontSize: 13, color: GATE_COLORS.deny }}>{t('gate.recent.alerted')}</span>
              )}
            </div>
            {e.state === 'rejected' && e.problem && (
              <div
                data-testid="gate-entry-problem"
                style={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 8,
                  fontSize: 14,
                  color: GATE_COLORS.deny,
                }}
              >
                <span style={{ flex: 1 }}>
                  {e.problem.title}
                  {e.problem.errors.length > 0 && `：${e.problem.errors.map((x) => x.message).join('；')}`}
                </span>
                <button
                  type="button"
                  onClick={() => onDismiss(e.id)}
                  style={{
                    border: '1px solid #f1b4b4',
                    background: '#fff',
                    borderRadius: 8,
                    height: 36,
                    padding: '0 12px',
                    color: GATE_COLORS.deny,
                    cursor: 'pointer',
                  }}
                >
                  {t('gate.recent.dismiss')}
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
