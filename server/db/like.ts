import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * `column LIKE '%text%'`, the user's text taken literally and case-insensitively on both databases
 * (SQLite's LIKE ignores ASCII case, PostgreSQL's does not: both sides are lower-cased).
 */
export function contains(
  column: Expression<unknown> | RawBuilder<unknown>,
  text: string,
): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${column}) like ${pattern} escape '\\'`;
}
