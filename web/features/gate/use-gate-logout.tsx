import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { leaveGate, loginPage, signOut } from './gate-session';
import { ConfirmDialog, errorMessage, toast } from './gate-ui';

/**
 * Signing out from the gate: entries still waiting stay on the device (they are sent when the same
 * account signs in again), so the guard is told before leaving. Signed out, the main app's login
 * page opens (a full page load: the gate is a page of its own). If the server cannot be reached the
 * guard stays signed in, on the gate, and is told why. The login page says the guard signed out and
 * comes back to the gate for whoever signs in next (a change of shift).
 */
export function useGateLogout(waiting: number): { logout: () => void; dialog: ReactNode } {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);

  const go = () => {
    setAsking(false);
    signOut().then(
      () => leaveGate(loginPage('loggedOut'), true),
      (error: unknown) =>
        toast.error(t('gate.menu.logoutFailed', { error: errorMessage(error, t('gate.networkError')) })),
    );
  };

  const dialog = asking ? (
    <ConfirmDialog
      title={t('gate.menu.logoutWaitingTitle', { count: waiting })}
      text={t('gate.menu.logoutWaiting')}
      okText={t('gate.menu.logout')}
      onOk={go}
      onCancel={() => setAsking(false)}
    />
  ) : null;

  return {
    logout: () => {
      if (waiting > 0) setAsking(true);
      else go();
    },
    dialog,
  };
}
