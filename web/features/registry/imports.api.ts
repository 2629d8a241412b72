import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import { Problem } from '../../../domain/common';
import { LEDGER_FIELDS, type LedgerField } from '../../../domain/ledger';
import { ApiError, acceptLanguage, api, buildUrl } from '../../app/api/client';

/** The server's cap on an uploaded workbook (server/lib/xlsx.ts, XLSX_MAX_BYTES). */
export const XLSX_MAX_MB = 50;
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const RESIDENT_TEMPLATE_URL = '/api/imports/residents/template.xlsx';

/** What the importer makes of a ledger's header (server/modules/registry/registry.preview.ts). */
export const ImportPreview = z.object({
  headerRow: z.number().int(),
  recognised: z.boolean(),
  columns: z.array(
    z.object({
      column: z.number().int(),
      letter: z.string(),
      header: z.string(),
      field: z.enum(LEDGER_FIELDS).nullable(),
      seq: z.boolean(),
      samples: z.array(z.string()),
    }),
  ),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
export type PreviewColumn = ImportPreview['columns'][number];

/** A resident import job (server/modules/registry/registry.import.ts). */
export const ImportDto = z.object({
  id: z.string(),
  unitId: z.string(),
  fileName: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  phase: z.enum(['reading', 'checking', 'storing', 'finished']),
  rowsRead: z.number().int(),
  rowsStored: z.number().int(),
  rowsRejected: z.number().int(),
  roomsCreated: z.number().int(),
  written: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof ImportDto>;

/** Field → 1-based sheet column, as the import form's `columns` takes it. */
export type ColumnMapping = Partial<Record<LedgerField, number>>;

export interface StartImport {
  file: File;
  unitId: string;
  createRooms: boolean;
  /** Sent only when the operator changed what the importer recognises on its own. */
  mapping?: { columns: ColumnMapping; headerRow: number };
}

const importKey = (id: string) => ['imports', id] as const;

export function usePreviewImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<ImportPreview>('/api/imports/residents/preview', form, ImportPreview);
    },
  });
}

export function useStartImport() {
  return useMutation({
    mutationFn: ({ file, unitId, createRooms, mapping }: StartImport) => {
      const form = new FormData();
      form.append('unitId', unitId);
      form.append('createRooms', String(createRooms));
      if (mapping) {
        form.append('columns', JSON.stringify(mapping.columns));
        form.append('headerRow', String(mapping.headerRow));
      }
      form.append('file', file, file.name);
      return api.upload<ImportDto>('/api/imports/residents', form, ImportDto);
    },
  });
}

/** A job, polled twice a second while it runs; when it ends, lists and the grid are refreshed. */
export function useImportJob(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: importKey(id),
    queryFn: ({ signal }) => api.get<ImportDto>(`/api/imports/${id}`, undefined, ImportDto, signal),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
  const status = query.data?.status;
  useEffect(() => {
    if (status === 'done') {
      void queryClient.invalidateQueries({ queryKey: ['registry'] });
      void queryClient.invalidateQueries({ queryKey: ['units'] });
    }
  }, [status, queryClient]);
  return query;
}

export function useCancelImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ImportDto>(`/api/imports/${id}/cancel`, undefined, ImportDto),
    onSuccess: (job) => queryClient.setQueryData(importKey(id), job),
  });
}

/** Every message of a problem once: the title, then what it says about each field. */
export function problemText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message || fallback : fallback;
  const parts = [error.message, ...error.fieldErrors.map((e) => e.message)].filter(Boolean);
  return [...new Set(parts)].join('；') || fallback;
}

function fileNameOf(disposition: string | null): string | null {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/**
 * Downloads a file the server streams (a sheet), saving it under the server's file name. A refusal
 * comes back as the server's problem+json, thrown as an ApiError the page can show.
 */
export async function downloadFile(
  path: string,
  query: Record<string, string | undefined>,
  fallbackName: string,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      headers: { 'Accept-Language': acceptLanguage() },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, '', null);
  }
  if (!res.ok) {
    let problem: Problem | null = null;
    try {
      const parsed = Problem.safeParse(await res.json());
      if (parsed.success) problem = parsed.data;
    } catch {
      // not JSON: the caller's fallback text is shown
    }
    throw new ApiError(res.status, problem?.detail || problem?.title || '', problem);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
