import { useTranslation } from 'react-i18next';
import type { CheckpointDto } from '../../../domain/checkpoints';
import { CompoundStatusTag } from './CheckpointPicker';
import type { GateSetup, SyncRecord } from './gate-db';
import { changeLanguage, currentLanguage } from './gate-i18n';
import { gateQueue } from './gate-queue';
import { leaveGate, MAIN_APP } from './gate-session';
import { MenuButton, type MenuItem } from './gate-ui';
import { Icon } from './icons';
import { useGateLogout } from './use-gate-logout';

function minutesAgo(ms: number, now: number) {
  return Math.max(0, Math.floor((now - ms) / 60_000));
}

/**
 * The gate's top bar: the checkpoint (compound, lane, shift, compound status), when it last synced
 * (tap to sync), and the menu: send now, switch checkpoint, language, home, sign out.
 */
export function GateHeader({
  setup,
  checkpoint,
  record,
  online,
  syncing,
  now,
  waiting,
  onSync,
  onSwitch,
}: {
  setup: GateSetup;
  checkpoint: CheckpointDto | null;
  record: SyncRecord | null;
  online: boolean;
  syncing: boolean;
  now: number;
  waiting: number;
  onSync: () => void;
  onSwitch: () => void;
}) {
  const { t } = useTranslation();
  const { logout, dialog } = useGateLogout(waiting);
  const laneName = checkpoint?.lanes.find((l) => l.key === setup.lane)?.name ?? null;

  const items: MenuItem[] = [
    { key: 'sync', icon: 'sync', label: t('gate.menu.sync') },
    { key: 'send', icon: 'upload', label: t('gate.menu.send'), disabled: waiting === 0 },
    { key: 'switch', icon: 'swap', label: t('gate.menu.switch') },
    { key: 'lang', icon: 'language', label: t('gate.menu.language') },
    { key: 'home', icon: 'home', label: t('gate.menu.home') },
    { key: 'logout', icon: 'logout', label: t('gate.menu.logout'), danger: true, divided: true },
  ];
  const pick = (key: string) => {
    if (key === 'sync') onSync();
    if (key === 'send') gateQueue.kick();
    if (key === 'switch') onSwitch();
    if (key === 'lang') void changeLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en');
    if (key === 'home') leaveGate(MAIN_APP);
    if (key === 'logout') logout();
  };

  const syncText = syncing
    ? t('gate.sync.syncing')
    : record
      ? minutesAgo(record.syncedAt, now) < 1
        ? t('gate.sync.justNow')
        : t('gate.sync.ago', { minutes: minutesAgo(record.syncedAt, now) })
      : t('gate.sync.never');

  return (
    <header className="gate-header gate-header--sticky">
      <div className="gate-header__main">
        <div data-testid="gate-checkpoint-name" className="gate-header__title gate-ellipsis">
          {checkpoint?.name ?? setup.checkpointName}
        </div>
        <div className="gate-header__sub">
          {[checkpoint?.compound?.name, laneName, t(`gate.shift.${setup.shift}`)].filter(Boolean).join(' · ')}
          <CompoundStatusTag status={checkpoint?.compound?.status ?? null} />
        </div>
      </div>
      <button
        type="button"
        onClick={onSync}
        data-testid="gate-sync"
        aria-label={t('gate.menu.sync')}
        className="gate-sync"
      >
        {online ? (
          <Icon name="sync" className={syncing ? 'gate-spin' : undefined} />
        ) : (
          <Icon name="offline" />
        )}
        <span data-testid="gate-sync-text">{syncText}</span>
      </button>
      <MenuButton label={t('gate.menu.open')} testId="gate-menu" items={items} onPick={pick} />
      {dialog}
    </header>
  );
}
