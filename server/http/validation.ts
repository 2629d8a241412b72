import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { ValidationError } from './errors';

/**
 * Parses with zod and keeps the issues, so the error handler can word them in the caller's language.
 * (fastify-type-provider-zod's own compiler words them once, in the process's language.)
 */
export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new ValidationError(result.error.issues, httpPart ?? 'body') };
  };
