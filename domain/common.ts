import { z } from 'zod';

/** UUIDv7 (or any RFC 9562 UUID) as made on the server or on a device. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** Paging used by every list endpoint. */
export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A trimmed, non-empty single-line text of bounded length. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'err.text.control' });
}

export const Instant = z.iso.datetime({ offset: true });

/** RFC 9457 problem details as the server sends them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string().optional(),
  requestId: z.string().optional(),
  /** Set on a duplicate the caller may see: the record it collides with. */
  existingId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;
