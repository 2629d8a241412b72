import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto } from '../../../domain/auth';
import { CheckpointPicker } from './CheckpointPicker';
import { GateScreen } from './GateScreen';
import { clearSetup, type GateSetup, getSetup, putSetup } from './gate-db';
import { setupGatePwa } from './gate-pwa';
import {
  CHANGE_PASSWORD_PAGE,
  fetchMe,
  hasPermission,
  leaveGate,
  loginPage,
  MAIN_APP,
  SessionProvider,
  useGateSession,
} from './gate-session';
import { errorMessage, Loading, MenuButton, Notice, Toasts } from './gate-ui';
import { useGateLogout } from './use-gate-logout';

/**
 * 门岗登记 (/gate): the guard's page, a page of its own (web/gate.html) rather than a route of the
 * main app, so a cheap phone on a poor network loads only what the gate needs. Phone first; a
 * desktop shows the same column in the middle. The checkpoint, lane and shift are picked once and
 * kept on the device; entries live in IndexedDB until the server has them.
 */
export function GatePage() {
  const { t } = useTranslation();
  const [session, setSession] = useState<
    | { kind: 'loading' }
    | { kind: 'failed'; error: unknown }
    | { kind: 'forbidden'; me: MeDto }
    | { kind: 'ready'; me: MeDto }
  >({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = `${t('gate.title')} · ${t('gate.appName')}`;
  }, [t]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks again
  useEffect(() => {
    let alive = true;
    setSession({ kind: 'loading' });
    fetchMe().then(
      (me) => {
        if (!alive) return;
        // Signing in and the forced password change are pages of the main app; after signing in the
        // login page comes back here (after a password change, the start page sends accounts whose
        // only work is the gate here).
        if (!me) leaveGate(loginPage(), true);
        else if (me.mustChangePassword) leaveGate(CHANGE_PASSWORD_PAGE, true);
        else
          setSession(hasPermission(me, 'passages.write') ? { kind: 'ready', me } : { kind: 'forbidden', me });
      },
      (error: unknown) => {
        if (alive) setSession({ kind: 'failed', error });
      },
    );
    return () => {
      alive = false;
    };
  }, [attempt]);

  let body: React.ReactNode;
  if (session.kind === 'loading') {
    body = <Loading />;
  } else if (session.kind === 'failed') {
    body = (
      <Notice
        icon="offline"
        title={t('gate.session.failed')}
        hint={errorMessage(session.error, t('gate.networkError'))}
        testId="gate-session-error"
      >
        <button
          type="button"
          className="gate-btn gate-btn--primary gate-btn--lg"
          onClick={() => setAttempt((n) => n + 1)}
        >
          {t('gate.retry')}
        </button>
      </Notice>
    );
  } else {
    body = (
      <SessionProvider value={session.me}>
        {session.kind === 'ready' ? <GateHome /> : <Forbidden />}
      </SessionProvider>
    );
  }

  return (
    <div className="gate-page" data-testid="gate-page">
      <div className="gate-column">{body}</div>
      <Toasts />
    </div>
  );
}

/** Signed in, but not with an account that logs gate entries. */
function Forbidden() {
  const { t } = useTranslation();
  const me = useGateSession();
  return (
    <>
      <PickerHeader name={me.displayName} />
      <Notice
        icon="stop"
        title={t('gate.session.forbiddenTitle')}
        hint={t('gate.session.forbiddenHint')}
        testId="gate-forbidden"
      >
        <a className="gate-btn gate-btn--primary gate-btn--lg" href={MAIN_APP}>
          {t('gate.menu.home')}
        </a>
      </Notice>
    </>
  );
}

/** The bar above the checkpoint picker: whose device it is, a way home and out. */
function PickerHeader({ name }: { name: string }) {
  const { t } = useTranslation();
  const { logout, dialog } = useGateLogout(0);
  return (
    <header className="gate-header">
      <div className="gate-header__main">
        <div className="gate-header__title">{t('gate.title')}</div>
        <div className="gate-header__sub">{name}</div>
      </div>
      <MenuButton
        label={t('gate.menu.open')}
        testId="gate-menu"
        items={[
          { key: 'home', icon: 'home', label: t('gate.menu.home') },
          { key: 'logout', icon: 'logout', label: t('gate.menu.logout'), danger: true },
        ]}
        onPick={(key) => (key === 'home' ? leaveGate(MAIN_APP) : logout())}
      />
      {dialog}
    </header>
  );
}

/** The checkpoint picker the first time (or after "switch"), then the gate itself. */
function GateHome() {
  const { t } = useTranslation();
  const me = useGateSession();
  const [setup, setSetup] = useState<GateSetup | null | undefined>(undefined);
  const [storageError, setStorageError] = useState<unknown>(null);
  const [switching, setSwitching] = useState(false);

  useEffect(() => {
    void setupGatePwa();
  }, []);

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

  if (storageError) {
    return (
      <Notice
        icon="warning"
        title={t('gate.storage.title')}
        hint={t('gate.storage.hint')}
        testId="gate-storage-error"
      />
    );
  }
  if (setup === undefined) return <Loading />;
  if (!setup || switching) {
    return (
      <div>
        <PickerHeader name={me.displayName} />
        <div className="gate-picker-wrap">
          <CheckpointPicker
            current={setup}
            onDone={(s) => void choose(s)}
            onCancel={setup ? () => setSwitching(false) : undefined}
          />
        </div>
      </div>
    );
  }
  return (
    <GateScreen key={setup.checkpointId} setup={setup} onSwitch={() => setSwitching(true)} onLost={lost} />
  );
}
