import { useTranslation } from 'react-i18next';
import type { GateEntry } from './gate-db';
import { clockTime, formatTemperature, reasonShort } from './gate-display';
import { Tag } from './gate-ui';

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
      <div data-testid="gate-recent-empty" className="gate-recent-empty">
        {t('gate.recent.empty')}
      </div>
    );
  }
  return (
    <ol data-testid="gate-recent" className="gate-recent">
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
            className={`gate-entry gate-entry--${allow ? 'allow' : 'deny'}`}
          >
            <div className="gate-entry__line">
              <span className="gate-entry__time">{clockTime(e.createdAt)}</span>
              <span className={`gate-entry__dir gate-entry__dir--${s.direction}`}>
                {t(`gate.direction.${s.direction}`)}
              </span>
              <span className="gate-entry__who gate-ellipsis">
                {s.label}
                {s.subject === 'visitor' || s.subject === 'courier' ? (
                  <span className="gate-entry__kind"> · {t(`gate.subject.${s.subject}`)}</span>
                ) : null}
              </span>
              <span className="gate-entry__verdict">
                {allow ? t('gate.verdict.allow') : t('gate.verdict.deny')}
              </span>
            </div>
            {(facts.length > 0 || e.verdict.reasons.length > 0) && (
              <div className="gate-entry__facts">
                {[...e.verdict.reasons.map((r) => reasonShort(t, r)), ...facts].join(' · ')}
              </div>
            )}
            <div className="gate-entry__status">
              {e.state === 'waiting' && (
                <Tag tone="orange" testId="gate-entry-state">
                  {t('gate.state.waiting')}
                </Tag>
              )}
              {e.state === 'sent' && (
                <Tag tone="green" testId="gate-entry-state">
                  {t('gate.state.sent')}
                </Tag>
              )}
              {e.state === 'rejected' && (
                <Tag tone="red" testId="gate-entry-state">
                  {t('gate.state.rejected')}
                </Tag>
              )}
              {serverDiffers && e.server && (
                <span className="gate-entry__server">
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
              {e.server?.alertId && <span className="gate-entry__alerted">{t('gate.recent.alerted')}</span>}
            </div>
            {e.state === 'rejected' && e.problem && (
              <div data-testid="gate-entry-problem" className="gate-entry__problem">
                <span>
                  {e.problem.title}
                  {e.problem.errors.length > 0 && `：${e.problem.errors.map((x) => x.message).join('；')}`}
                </span>
                <button
                  type="button"
                  className="gate-btn gate-btn--sm gate-btn--danger-line"
                  onClick={() => onDismiss(e.id)}
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
