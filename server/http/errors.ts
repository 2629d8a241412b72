import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { $ZodIssue } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { Locale, Problem } from '../../domain/common';
import { isMessageKey, localeFrom, message } from '../../domain/messages';
import { isUniqueViolation } from '../db';

export type FieldError = { field: string; code: string; key?: string; message?: string };

/**
 * An error a service raises on purpose. `key` is a message key from domain/messages.ts, rendered in
 * the caller's language when the response is written.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly fields: FieldError[] = [],
    /** Extra members of the problem body, e.g. the id of the record a duplicate collides with. */
    readonly extra: Record<string, string> = {},
  ) {
    super(key);
  }
}

export const notFound = () => new AppError(404, 'problem.notFound');
export const forbidden = () => new AppError(403, 'problem.forbidden');
export const conflict = (key = 'problem.conflict', field?: string) =>
  new AppError(409, key, field ? [{ field, code: 'conflict', key }] : []);
export const badRequest = (key: string, field?: string) =>
  new AppError(400, key, field ? [{ field, code: 'invalid', key }] : []);

/** Raised by the validator compiler with zod's issues; messages are made per request language. */
export class ValidationError extends Error {
  constructor(
    readonly issues: readonly $ZodIssue[],
    readonly part: string,
  ) {
    super('validation');
  }
}

const zodLocales = { 'zh-CN': zhCN().localeError, en: en().localeError };

function issueMessage(issue: $ZodIssue, locale: Locale): string {
  if (isMessageKey(issue.message)) return message(issue.message, locale);
  // biome-ignore lint/suspicious/noExplicitAny: zod's error maps take the raw issue shape
  const out = zodLocales[locale](issue as any);
  if (typeof out === 'string') return out;
  return out?.message ?? issue.message;
}

export function fieldErrorsOf(issues: readonly $ZodIssue[], locale: Locale) {
  const errors: { field: string; message: string; code: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // One entry per unknown field, so a form can point at each.
      for (const key of issue.keys) {
        errors.push({
          field: [...issue.path, key].join('.'),
          code: issue.code,
          message: locale === 'en' ? 'Unknown field' : '未知字段',
        });
      }
      continue;
    }
    errors.push({ field: issue.path.join('.'), code: issue.code, message: issueMessage(issue, locale) });
  }
  return errors;
}

const TYPE_BASE = 'https://shouwang.dev/problems/';

/** The RFC 9457 body of a problem, worded in the caller's language. */
export function problemBody(
  status: number,
  key: string,
  acceptLanguage: string | undefined,
  requestId: string,
  extra: Partial<Problem> = {},
): Problem {
  const locale = localeFrom(acceptLanguage);
  return {
    type: `${TYPE_BASE}${key}`,
    title: message(key, locale),
    status,
    detail: message(key, locale),
    code: key,
    requestId,
    ...extra,
  };
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  key: string,
  extra: Partial<Problem> = {},
) {
  const body = problemBody(status, key, request.headers['accept-language'], String(request.id), extra);
  return reply.status(status).type('application/problem+json').send(body);
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError) {
  const locale = localeFrom(request.headers['accept-language']);
  const errors = err.fields.map((f) => ({
    field: f.field,
    code: f.code,
    message: f.message ?? message(f.key ?? err.key, locale),
  }));
  return send(reply, request, err.status, err.key, { ...err.extra, ...(errors.length ? { errors } : {}) });
}

export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const locale = localeFrom(request.headers['accept-language']);
  if (error instanceof AppError) return sendProblem(reply, request, error);
  if (error instanceof ValidationError) {
    return send(reply, request, 400, 'problem.validation', { errors: fieldErrorsOf(error.issues, locale) });
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    return send(reply, request, 400, 'problem.validation', {
      errors: fe.validation.map((v) => ({
        field: String(v.instancePath ?? '')
          .replace(/^\//, '')
          .replace(/\//g, '.'),
        code: String(v.keyword),
        message: v.message ?? '',
      })),
    });
  }
  if (isUniqueViolation(error)) return send(reply, request, 409, 'problem.conflict');
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return send(reply, request, 400, 'problem.malformed');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return send(reply, request, 415, 'problem.malformed');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return send(reply, request, 413, 'problem.tooLarge');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return send(reply, request, 415, 'problem.malformed');
  }
  if (fe.statusCode === 429) return send(reply, request, 429, 'problem.rateLimited');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return send(reply, request, fe.statusCode, 'problem.malformed');
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, request, 500, 'problem.internal');
}
