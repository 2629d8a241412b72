import type { FastifyRequest } from 'fastify';
import type { ZodType, z } from 'zod';
import { AppError, ValidationError } from './errors';

/**
 * Reads a multipart upload: exactly one file (required) and text fields checked by `schema`, with the
 * same problem+json answers as any JSON body. Size and count limits come from the multipart plugin.
 */
export async function readUpload<S extends ZodType>(
  req: FastifyRequest,
  schema: S,
): Promise<{ file: { name: string; buf: Buffer }; fields: z.infer<S> }> {
  const raw: Record<string, string> = {};
  let file: { name: string; buf: Buffer } | null = null;
  for await (const part of req.parts()) {
    if (part.type === 'file') file = { name: part.filename, buf: await part.toBuffer() };
    else raw[part.fieldname] = String(part.value);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(parsed.error.issues, 'body');
  if (!file) throw new AppError(400, 'problem.validation', [{ field: 'file', code: 'required' }]);
  return { file, fields: parsed.data };
}
