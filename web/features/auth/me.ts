import { MeDto } from '../../../domain/auth';
import { ApiError, api, setCsrfToken } from '../../app/api/client';

/**
 * The signed-in account, or null when there is no session. Apart from auth.api.ts (react-query
 * hooks) so the gate page, which does without react-query, uses the same one.
 */
export async function fetchMe(): Promise<MeDto | null> {
  try {
    const me = await api.get('/api/auth/me', undefined, MeDto);
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}
