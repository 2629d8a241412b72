import { useMutation, useQuery } from '@tanstack/react-query';
import { RegistrationForm, type SelfRegistration } from '../../../domain/registry';
import { ApiError, api } from '../../app/api/client';

export type PublicForm = ReturnType<typeof RegistrationForm.parse>;
export type PublicRoom = PublicForm['rooms'][number];

/** The compound's name and rooms for a QR link; a link that is unknown or rotated answers 404. */
export function usePublicForm(token: string | undefined) {
  return useQuery({
    queryKey: ['public-register', token ?? ''],
    queryFn: () => api.get<PublicForm>(`/api/public/register/${token}`, undefined, RegistrationForm),
    enabled: !!token,
    staleTime: 5 * 60_000,
    // A dead link or a rate limit does not get better by asking again at once.
    retry: (count, error) =>
      !(error instanceof ApiError && error.status < 500 && error.status > 0) && count < 2,
  });
}

export function useSubmitRegistration(token: string) {
  return useMutation({
    mutationFn: (body: SelfRegistration) =>
      api.post<{ received: true }>(`/api/public/register/${token}`, body),
  });
}
