import { type Expression, type RawBuilder, sql } from 'kysely';

/** `column LIKE '%text%'` with the user's text taken literally on both databases. */
export function contains(
  column: Expression<unknown> | RawBuilder<unknown>,
  text: string,
): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${column} like ${pattern} escape '\\'`;
}
