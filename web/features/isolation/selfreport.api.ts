import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type CheckDto,
  CheckDto as CheckSchema,
  type SelfReportAnswer,
  SelfReportAnswer as SelfReportAnswerSchema,
  type SelfReportInput,
  type SelfReportLinkDto,
  SelfReportLinkDto as SelfReportLinkSchema,
  type SelfReportLinkStatus,
  SelfReportLinkStatus as SelfReportLinkStatusSchema,
  type SelfReportView,
  SelfReportView as SelfReportViewSchema,
} from '../../../domain/isolation';
import { ApiError, api, apiRequest } from '../../app/api/client';

/**
 * Resident self-report: the public page of a secret link (no account), and the staff side — make,
 * look at and revoke an order's link, confirm a self-reported check. Staff keys start with
 * `isolation` so the isolation pages' invalidation refreshes them too.
 */

export const selfReportKeys = {
  view: (token: string) => ['public-self-report', token] as const,
  link: (isolationId: string) => ['isolation', 'self-report-link', isolationId] as const,
};

/** A random version-4 UUID; `crypto.randomUUID` exists only on https and localhost. */
export function deviceUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Client errors (a dead link, too many tries) do not get better by asking again at once. */
const retryServerErrors = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status < 500 && error.status > 0) && count < 2;

// ------------------------------------------------------------------------------ the resident's page

/** The link's page: masked name, today's shifts. Unknown, revoked and ended links all answer 404. */
export function useSelfReportView(token: string | undefined) {
  return useQuery({
    queryKey: selfReportKeys.view(token ?? ''),
    queryFn: async ({ signal }) => {
      const asked = Date.now();
      const view = await api.get<SelfReportView>(
        `/api/public/self-report/${token}`,
        undefined,
        SelfReportViewSchema,
        signal,
      );
      // How far this phone's clock is from the server's: reports are dated by the server's clock.
      const offset = Date.parse(view.now) - (asked + Date.now()) / 2;
      return { ...view, offset };
    },
    enabled: !!token,
    retry: retryServerErrors,
    // The shift changes at noon and midnight with nobody doing anything.
    refetchInterval: 5 * 60_000,
  });
}

export function useSubmitSelfReport(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SelfReportInput) =>
      api.post<SelfReportAnswer>(`/api/public/self-report/${token}/checks`, body, SelfReportAnswerSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: selfReportKeys.view(token) }),
  });
}

// ------------------------------------------------------------------------------ staff

/** Whether an order has a working link, who made it and when (never the token itself). */
export function useSelfReportLink(isolationId: string | undefined) {
  return useQuery({
    queryKey: selfReportKeys.link(isolationId ?? ''),
    queryFn: ({ signal }) =>
      api.get<SelfReportLinkStatus>(
        `/api/isolations/${isolationId}/self-report-link`,
        undefined,
        SelfReportLinkStatusSchema,
        signal,
      ),
    enabled: !!isolationId,
  });
}

/** A new link (the old one stops working); the answer is the only time the link is shown. */
export function useCreateSelfReportLink(isolationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<SelfReportLinkDto>(
        `/api/isolations/${isolationId}/self-report-link`,
        undefined,
        SelfReportLinkSchema,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: selfReportKeys.link(isolationId) }),
  });
}

export function useRevokeSelfReportLink(isolationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiRequest<void>(`/api/isolations/${isolationId}/self-report-link`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: selfReportKeys.link(isolationId) }),
  });
}

/** Confirms a resident's self-report; confirming one that is confirmed already changes nothing. */
export function useConfirmSelfReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (checkId: string) => api.post<CheckDto>(`/api/checks/${checkId}/confirm`, {}, CheckSchema),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['isolation'] }),
  });
}
