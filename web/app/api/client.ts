import type { z } from 'zod';
import { Problem } from '../../../domain/common';

/**
 * The one place the web talks HTTP. Every call is same-origin with the session cookie, says which
 * language server messages should come back in, and carries the CSRF token on state-changing methods.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, message: string, problem: Problem | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  get fieldErrors(): { field: string; message: string; code: string }[] {
    return this.problem?.errors ?? [];
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
  /** Checked in the background: a mismatch is logged as a contract defect, never thrown at the user. */
  schema?: z.ZodType<T>;
}

interface ClientHooks {
  language: () => string;
  /** Fallback text when the server gives no problem detail (network down, proxy error page). */
  fallbackMessage: (status: number) => string;
  /** A call other than login/me answered 401: the session expired or was ended elsewhere. */
  onUnauthorized: () => void;
  /** The server insists on a password change before anything else. */
  onPasswordChangeRequired: () => void;
  /** Any completed call: used to notice idleness. */
  onActivity: () => void;
}

let csrfToken: string | null = null;
let hooks: ClientHooks = {
  language: () => 'zh-CN',
  fallbackMessage: (status) => `HTTP ${status}`,
  onUnauthorized: () => {},
  onPasswordChangeRequired: () => {},
  onActivity: () => {},
};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function configureClient(next: Partial<ClientHooks>): void {
  hooks = { ...hooks, ...next };
}

/** Calls whose 401 means "not signed in" rather than "the session ended". */
const AUTH_PROBES = ['/api/auth/login', '/api/auth/me', '/api/auth/logout'];

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function acceptLanguage(): string {
  return hooks.language().startsWith('en') ? 'en' : 'zh-CN';
}

export async function apiRequest<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': acceptLanguage(),
  };
  let body: BodyInit | undefined;
  if (options.formData) {
    body = options.formData;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, hooks.fallbackMessage(0), null);
  }

  if (!res.ok) throw await toApiError(path, res);
  hooks.onActivity();
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  const data: unknown = await res.json();
  if (options.schema) {
    const parsed = options.schema.safeParse(data);
    if (!parsed.success) {
      // A contract mismatch between server and web: worth fixing, but the user still gets the data.
      console.error(`[contract] ${method} ${path}`, parsed.error.issues);
    }
  }
  return data as T;
}

async function toApiError(path: string, res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const parsed = Problem.safeParse(await res.json());
      if (parsed.success) problem = parsed.data;
    } catch {
      // not JSON after all: fall through to the generic message
    }
  }
  const message = problem?.detail || problem?.title || hooks.fallbackMessage(res.status);
  const error = new ApiError(res.status, message, problem);
  const pathOnly = path.split('?')[0] ?? path;
  if (res.status === 401 && !AUTH_PROBES.includes(pathOnly)) hooks.onUnauthorized();
  if (res.status === 403 && problem?.code === 'problem.passwordChangeRequired')
    hooks.onPasswordChangeRequired();
  return error;
}

export const api = {
  get: <T>(path: string, query?: Query, schema?: z.ZodType<T>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, schema, signal }),
  post: <T>(path: string, body?: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>(path, { method: 'POST', body, schema }),
  patch: <T>(path: string, body: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>(path, { method: 'PATCH', body, schema }),
  upload: <T>(path: string, formData: FormData, schema?: z.ZodType<T>) =>
    apiRequest<T>(path, { method: 'POST', formData, schema }),
};
