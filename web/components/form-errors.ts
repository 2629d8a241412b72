import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import type { Locale } from '../../domain/common';
import { isMessageKey, message } from '../../domain/messages';
import { ApiError } from '../app/api/client';

/**
 * Puts the server's per-field problems next to the fields they belong to (`field` is a dotted path),
 * and returns what is left for a banner above the form.
 */
export function applyProblem(
  form: FormInstance | null,
  error: unknown,
  knownFields: readonly string[],
  fallback: string,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message || fallback : fallback;
  const onForm = form ? error.fieldErrors.filter((e) => knownFields.includes(e.field)) : [];
  if (form && onForm.length > 0) {
    const byField = new Map<string, string[]>();
    for (const e of onForm) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
    form.setFields([...byField].map(([field, errors]) => ({ name: field.split('.'), errors })));
  }
  const elsewhere = error.fieldErrors.filter((e) => !onForm.includes(e));
  if (onForm.length > 0 && elsewhere.length === 0) return null;
  if (elsewhere.length > 0) return [error.message, ...elsewhere.map((e) => e.message)].join('；');
  return error.message || fallback;
}

/** A banner message plus a handler that routes a failed submit to fields or to the banner. */
export function useFormProblem(form: FormInstance | null, knownFields: readonly string[], fallback: string) {
  const [banner, setBanner] = useState<string | null>(null);
  const fieldsKey = knownFields.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: knownFields is compared by value through fieldsKey
  const onError = useCallback(
    (error: unknown) => setBanner(applyProblem(form, error, knownFields, fallback)),
    [form, fieldsKey, fallback],
  );
  const clear = useCallback(() => setBanner(null), []);
  return { banner, onError, clear };
}

/**
 * Validates a field with the same zod schema the server uses, in the user's language. Messages that
 * are message keys are translated from domain/messages; anything else gets the generic text.
 */
export function zodRule(schema: z.ZodType, locale: Locale, generic: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (result.success) return;
      const key = result.error.issues[0]?.message ?? '';
      throw new Error(isMessageKey(key) ? message(key, locale) : generic);
    },
  };
}
