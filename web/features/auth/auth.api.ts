import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangePasswordRequest, type LoginRequest, MeDto } from '../../../domain/auth';
import type { Permission } from '../../../domain/roles';
import { ApiError, api, setCsrfToken } from '../../app/api/client';
import { fetchMe } from './me';

export const meKey = ['me'] as const;

export { fetchMe };

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
}

let lastSession: MeDto | null = null;

/**
 * Inside the guarded shell the account is always there. While signing out, the screens being left
 * may render once more after the session is cleared: they get the account they were showing.
 */
export function useSession(): MeDto {
  const { data } = useMe();
  if (data) lastSession = data;
  if (!lastSession) throw new Error('useSession outside a signed-in route');
  return data ?? lastSession;
}

/** Forgets the signed-in account locally; call it in the same tick as the navigation to /login. */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.clear();
  queryClient.setQueryData(meKey, null);
}

export function hasPermission(me: MeDto | null | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.post('/api/auth/login', body, MeDto),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      queryClient.clear();
      queryClient.setQueryData(meKey, me);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.post('/api/auth/change-password', body, MeDto),
    onSuccess: (me) => {
      // The session id and CSRF token are renewed by a password change.
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(meKey, me);
    },
  });
}

/** Signs out on the server; the caller clears the session and navigates (see clearSession). */
export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post<void>('/api/auth/logout');
      } catch (error) {
        // Already signed out on the server (expired session): the local sign-out still happens.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
  });
}
