import {
  CloudUploadOutlined,
  DisconnectOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuOutlined,
  SwapOutlined,
  SyncOutlined,
  TranslationOutlined,
} from '@ant-design/icons';
import { Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { CheckpointDto } from '../../../domain/checkpoints';
import { changeLanguage, currentLanguage } from '../../app/i18n';
import { CompoundStatusTag } from './CheckpointPicker';
import type { GateSetup, SyncRecord } from './gate-db';
import { GATE_COLORS } from './gate-display';
import { gateQueue } from './gate-queue';
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
  const navigate = useNavigate();
  const doLogout = useGateLogout(waiting);
  const laneName = checkpoint?.lanes.find((l) => l.key === setup.lane)?.name ?? null;

  const menu: MenuProps = {
    items: [
      { key: 'sync', icon: <SyncOutlined />, label: t('gate.menu.sync') },
      {
        key: 'send',
        icon: <CloudUploadOutlined />,
        label: t('gate.menu.send'),
        disabled: waiting === 0,
      },
      { key: 'switch', icon: <SwapOutlined />, label: t('gate.menu.switch') },
      {
        key: 'lang',
        icon: <TranslationOutlined />,
        label: currentLanguage() === 'en' ? '简体中文' : 'English',
      },
      { key: 'home', icon: <HomeOutlined />, label: t('common.home') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'sync') onSync();
      if (key === 'send') gateQueue.kick();
      if (key === 'switch') onSwitch();
      if (key === 'lang') void changeLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en');
      if (key === 'home') navigate('/');
      if (key === 'logout') doLogout();
    },
  };

  const syncText = syncing
    ? t('gate.sync.syncing')
    : record
      ? minutesAgo(record.syncedAt, now) < 1
        ? t('gate.sync.justNow')
        : t('gate.sync.ago', { minutes: minutesAgo(record.syncedAt, now) })
      : t('gate.sync.never');

  return (
    <header
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 20,
        background: GATE_COLORS.header,
        color: '#fff',
        padding: '8px 8px 8px 14px',
        display: 'flex',
        alignItems: 'center',
        gap: 8,
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div
          data-testid="gate-checkpoint-name"
          style={{
            fontSize: 18,
            fontWeight: 700,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {checkpoint?.name ?? setup.checkpointName}
        </div>
        <div
          style={{
            fontSize: 13,
            opacity: 0.85,
            display: 'flex',
            gap: 6,
            alignItems: 'center',
            flexWrap: 'wrap',
          }}
        >
          {[checkpoint?.compound?.name, laneName, t(`gate.shift.${setup.shift}`)].filter(Boolean).join(' · ')}
          <CompoundStatusTag status={checkpoint?.compound?.status ?? null} />
        </div>
      </div>
      <button
        type="button"
        onClick={onSync}
        data-testid="gate-sync"
        aria-label={t('gate.menu.sync')}
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 6,
          height: 44,
          padding: '0 10px',
          borderRadius: 22,
          border: '1px solid rgba(255,255,255,0.35)',
          background: 'rgba(255,255,255,0.08)',
          color: '#fff',
          fontSize: 13,
          cursor: 'pointer',
          whiteSpace: 'nowrap',
        }}
      >
        {online ? <SyncOutlined spin={syncing} /> : <DisconnectOutlined />}
        <span data-testid="gate-sync-text">{syncText}</span>
      </button>
      <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
        <button
          type="button"
          aria-label={t('nav.menu')}
          data-testid="gate-menu"
          style={{
            width: 44,
            height: 44,
            border: 'none',
            background: 'transparent',
            color: '#fff',
            fontSize: 20,
            cursor: 'pointer',
          }}
        >
          <MenuOutlined />
        </button>
      </Dropdown>
    </header>
  );
}
