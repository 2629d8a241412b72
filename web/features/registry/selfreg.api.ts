import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { Page } from '../../../domain/common';
import { HouseholdDto, type PersonInput, RegistrationDto } from '../../../domain/registry';
import { api } from '../../app/api/client';

export type RegistrationStatus = RegistrationDto['status'];

export interface RegistrationParams {
  status: RegistrationStatus;
  unit?: string;
  page: number;
  pageSize: number;
}

const RegistrationPage = z.object({
  items: z.array(RegistrationDto),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
const Link = z.object({ token: z.string(), compound: z.string() });
export type RegistrationLink = z.infer<typeof Link>;

export const selfregKeys = {
  all: ['registrations'] as const,
  list: (p: RegistrationParams) => ['registrations', 'list', p] as const,
  link: (compoundId: string) => ['registrations', 'link', compoundId] as const,
};

/** The address a compound's QR code points at. */
export const registrationUrl = (token: string) => `${window.location.origin}/r/${token}`;

export function useRegistrations(params: RegistrationParams) {
  return useQuery({
    queryKey: selfregKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<Page<RegistrationDto>>('/api/registrations', { ...params }, RegistrationPage, signal),
    placeholderData: (previous) => previous,
  });
}

/** The compound's link: made on first request, the same one afterwards until rotated. */
export function useRegistrationLink(compoundId: string | undefined) {
  return useQuery({
    queryKey: selfregKeys.link(compoundId ?? ''),
    queryFn: () => api.post<RegistrationLink>(`/api/units/${compoundId}/registration-link`, undefined, Link),
    enabled: !!compoundId,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A new link; the printed QR codes with the old one stop working. */
export function useRotateLink(compoundId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<RegistrationLink>(`/api/units/${compoundId}/registration-link?rotate=true`, undefined, Link),
    onSuccess: (link) => qc.setQueryData(selfregKeys.link(compoundId), link),
  });
}

export function useAcceptRegistration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, persons }: { id: string; persons?: PersonInput[] }) =>
      api.post<HouseholdDto>(`/api/registrations/${id}/accept`, persons ? { persons } : {}, HouseholdDto),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: selfregKeys.all });
      await qc.invalidateQueries({ queryKey: ['registry'] });
    },
  });
}

export function useRejectRegistration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<RegistrationDto>(`/api/registrations/${id}/reject`, { reason }, RegistrationDto),
    onSettled: () => qc.invalidateQueries({ queryKey: selfregKeys.all }),
  });
}
