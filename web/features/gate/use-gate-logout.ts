import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { LoginLocationState } from '../../app/session';
import { errorMessage } from '../../components/states';
import { clearSession, useLogout } from '../auth/auth.api';

/**
 * Signing out from the gate: entries still waiting stay on the device (they are sent when the same
 * account signs in again), so the guard is told before leaving.
 */
export function useGateLogout(waiting: number): () => void {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useLogout();

  return () => {
    const go = () =>
      logout.mutate(undefined, {
        onSettled: (_d, error) => {
          if (error) void message.error(errorMessage(error, t('error.network')));
          const state: LoginLocationState = { reason: 'loggedOut' };
          navigate('/login', { replace: true, state: error ? undefined : state });
          clearSession(queryClient);
        },
      });
    if (waiting > 0) {
      modal.confirm({
        title: t('gate.menu.logoutWaitingTitle', { count: waiting }),
        content: t('gate.menu.logoutWaiting'),
        okText: t('auth.logout'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: go,
      });
    } else go();
  };
}
