import { useTranslation } from 'react-i18next';
import type { SyncRecord } from './gate-db';
import { gateQueue, type QueueSnapshot } from './gate-queue';
import { STALE_AFTER_MS } from './gate-sync';
import { Icon } from './icons';

const CLOCK_WARNING_MS = 5 * 60_000;

/**
 * What the guard must know at a glance: offline (entries are kept), the server unreachable (retrying),
 * a session that ended, other accounts' entries waiting, data not synced for long, a wrong clock.
 */
export function GateBanners({
  online,
  queue,
  record,
  now,
}: {
  online: boolean;
  queue: QueueSnapshot;
  record: SyncRecord | null;
  now: number;
}) {
  const { t } = useTranslation();

  const banners: { key: string; tone: 'red' | 'amber' | 'blue'; text: string; action?: React.ReactNode }[] =
    [];
  if (!online) {
    banners.push({
      key: 'offline',
      tone: 'red',
      text:
        queue.waiting > 0
          ? t('gate.banner.offlineWaiting', { count: queue.waiting })
          : t('gate.banner.offline'),
    });
  } else if (queue.trouble === 'network' || queue.trouble === 'server') {
    banners.push({
      key: 'trouble',
      tone: 'amber',
      text: t('gate.banner.retrying', {
        count: queue.waiting,
        seconds: queue.retryAt ? Math.max(1, Math.ceil((queue.retryAt - Date.now()) / 1000)) : 1,
      }),
      action: (
        <button type="button" className="gate-btn gate-btn--sm" onClick={() => gateQueue.kick()}>
          {t('gate.banner.retryNow')}
        </button>
      ),
    });
  }
  if (queue.trouble === 'session')
    banners.push({ key: 'session', tone: 'red', text: t('gate.banner.session', { count: queue.waiting }) });
  if (queue.trouble === 'forbidden')
    banners.push({
      key: 'forbidden',
      tone: 'red',
      text: t('gate.banner.forbidden', { count: queue.waiting }),
    });
  if (queue.othersWaiting > 0)
    banners.push({
      key: 'others',
      tone: 'blue',
      text: t('gate.banner.others', { count: queue.othersWaiting }),
    });
  if (record && now - record.syncedAt > STALE_AFTER_MS)
    banners.push({
      key: 'stale',
      tone: 'amber',
      text: t('gate.banner.stale', { hours: Math.floor((now - record.syncedAt) / 3_600_000) }),
    });
  if (record && Math.abs(record.clockOffset) > CLOCK_WARNING_MS)
    banners.push({
      key: 'clock',
      tone: 'amber',
      text: t('gate.banner.clock', { minutes: Math.round(Math.abs(record.clockOffset) / 60_000) }),
    });

  if (banners.length === 0) return null;
  return (
    <div className="gate-banners">
      {banners.map((b) => (
        <div
          key={b.key}
          role="status"
          data-testid={`gate-banner-${b.key}`}
          className={`gate-banner gate-banner--${b.tone}`}
        >
          <Icon name={b.key === 'offline' ? 'offline' : 'warning'} />
          <span className="gate-banner__text">{b.text}</span>
          {b.action}
        </div>
      ))}
    </div>
  );
}
