import { HomeOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Dropdown, Result } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { CheckpointPicker } from './CheckpointPicker';
import { GateScreen } from './GateScreen';
import { clearSetup, type GateSetup, getSetup, putSetup } from './gate-db';
import { GATE_COLORS } from './gate-display';
import { setupGatePwa } from './gate-pwa';
import { useGateLogout } from './use-gate-logout';

/**
 * 门岗登记 (/gate): the guard's page, full screen outside the app shell, phone first. A desktop
 * shows the same column in the middle. The checkpoint, lane and shift are picked once and kept on
 * the device; entries live in IndexedDB until the server has them.
 */
/** The bar above the checkpoint picker: whose device it is, a way home and out. */
function PickerHeader({ name }: { name: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useGateLogout(0);
  return (
    <header
      style={{
        background: GATE_COLORS.header,
        color: '#fff',
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '8px 8px 8px 16px',
        minHeight: 56,
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 18, fontWeight: 700 }}>{t('gate.title')}</div>
        <div style={{ fontSize: 13, opacity: 0.85 }}>{name}</div>
      </div>
      <Dropdown
        trigger={['click']}
        placement="bottomRight"
        menu={{
          items: [
            { key: 'home', icon: <HomeOutlined />, label: t('common.home') },
            { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
          ],
          onClick: ({ key }) => (key === 'home' ? navigate('/') : logout()),
        }}
      >
        <button
          type="button"
          aria-label={t('nav.menu')}
          style={{
            width: 44,
            height: 44,
            border: 'none',
            background: 'transparent',
            color: '#fff',
            fontSize: 20,
          }}
        >
          <MenuOutlined />
        </button>
      </Dropdown>
    </header>
  );
}

export function GatePage() {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const [setup, setSetup] = useState<GateSetup | null | undefined>(undefined);
  const [storageError, setStorageError] = useState<unknown>(null);
  const [switching, setSwitching] = useState(false);

  useEffect(() => {
    document.title = `${t('gate.title')} · ${t('app.name')}`;
    void setupGatePwa();
  }, [t]);

  useEffect(() => {
    let alive = true;
    setSetup(undefined);
    getSetup(me.id)
      .then((s) => {
        if (alive) setSetup(s);
      })
      .catch((e) => {
        if (alive) setStorageError(e);
      });
    return () => {
      alive = false;
    };
  }, [me.id]);

  const choose = async (s: GateSetup) => {
    try {
      await putSetup(me.id, s);
    } catch {
      // not remembered for next time; the gate still works now
    }
    setSetup(s);
    setSwitching(false);
  };

  const lost = useCallback(() => {
    void clearSetup(me.id).catch(() => undefined);
    setSetup(null);
  }, [me.id]);

  let body: React.ReactNode;
  if (storageError) {
    body = (
      <div style={{ padding: 16 }}>
        <Result
          status="error"
          title={t('gate.storage.title')}
          subTitle={t('gate.storage.hint')}
          data-testid="gate-storage-error"
        />
      </div>
    );
  } else if (setup === undefined) {
    body = <Loading minHeight={320} />;
  } else if (!setup || switching) {
    body = (
      <div>
        <PickerHeader name={me.displayName} />
        <div style={{ padding: 16 }}>
          <CheckpointPicker
            current={setup}
            onDone={(s) => void choose(s)}
            onCancel={setup ? () => setSwitching(false) : undefined}
          />
        </div>
      </div>
    );
  } else {
    body = (
      <GateScreen key={setup.checkpointId} setup={setup} onSwitch={() => setSwitching(true)} onLost={lost} />
    );
  }

  return (
    <div
      data-testid="gate-page"
      style={{
        minHeight: '100vh',
        background: isMobile ? GATE_COLORS.page : '#d9dee8',
        display: 'flex',
        justifyContent: 'center',
      }}
    >
      <div
        style={{
          width: '100%',
          maxWidth: isMobile ? undefined : 520,
          minHeight: '100vh',
          background: GATE_COLORS.page,
          boxShadow: isMobile ? undefined : '0 0 24px rgba(15, 23, 42, 0.18)',
        }}
      >
        {body}
      </div>
    </div>
  );
}
