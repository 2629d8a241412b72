import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../domain/roles';
import { clearSession, fetchMe, hasPermission, meKey, useMe } from '../features/auth/auth.api';
import type { LoginReason } from '../features/auth/login-link';
import { configureClient } from './api/client';
import { Forbidden } from './shell/ErrorPages';
import { FullPageLoading } from './shell/FullPageLoading';

export interface LoginLocationState {
  reason?: LoginReason;
  from?: string;
}

/**
 * Wires the API client to the router: a 401 from any call ends the local session and shows the login
 * page with a message; a password-change demand goes to the change-password page. It also notices an
 * idle session (the server ends it after `idleTimeoutSeconds`) without extending it.
 */
export function SessionWatcher() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const lastActivity = useRef(Date.now());

  useEffect(() => {
    configureClient({
      onActivity: () => {
        lastActivity.current = Date.now();
      },
      onUnauthorized: () => {
        if (queryClient.getQueryData(meKey) === null) return;
        const state: LoginLocationState = { reason: 'expired', from: window.location.pathname };
        navigate('/login', { replace: true, state });
        clearSession(queryClient);
      },
      onPasswordChangeRequired: () => {
        void queryClient.invalidateQueries({ queryKey: meKey });
        navigate('/change-password', { replace: true });
      },
    });
  }, [navigate, queryClient]);

  const idleMs = (me?.idleTimeoutSeconds ?? 0) * 1000;
  useEffect(() => {
    if (!me || idleMs <= 0) return;
    lastActivity.current = Date.now();
    const timer = window.setInterval(async () => {
      // Ask only once the server has surely dropped an idle session, so the check never extends it.
      if (Date.now() - lastActivity.current < idleMs + 5_000) return;
      lastActivity.current = Date.now();
      const still = await fetchMe().catch(() => undefined);
      if (still === null) {
        const state: LoginLocationState = { reason: 'expired', from: window.location.pathname };
        navigate('/login', { replace: true, state });
        clearSession(queryClient);
      }
    }, 15_000);
    return () => window.clearInterval(timer);
  }, [me, idleMs, navigate, queryClient]);

  return null;
}

/** Routes for signed-in accounts; a pending initial password change comes first. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, isError, refetch, error } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageLoading />;
  if (isError) return <FullPageLoading error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const state: LoginLocationState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  if (me.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { data: me } = useMe();
  if (!hasPermission(me, permission)) return <Forbidden />;
  return <>{children}</>;
}
