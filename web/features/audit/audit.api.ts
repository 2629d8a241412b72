import { useQuery } from '@tanstack/react-query';
import { type AuditEntryDto, AuditPage } from '../../../domain/audit';
import type { Page } from '../../../domain/common';
import { api } from '../../app/api/client';

export interface AuditParams {
  page: number;
  pageSize: number;
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  unit?: string;
}

export function useAudit(params: AuditParams) {
  return useQuery({
    queryKey: ['audit', params],
    queryFn: () => api.get<Page<AuditEntryDto>>('/api/audit', { ...params }, AuditPage),
    placeholderData: (previous) => previous,
  });
}
