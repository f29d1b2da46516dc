import type { ExpressionBuilder, ExpressionWrapper, ReferenceExpression, SqlBool } from 'kysely'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Ids are opaque to callers; anything that is not a UUID cannot name a row and must not reach a uuid
 * column (PostgreSQL refuses the whole statement). Every lookup by a caller's id checks it here and
 * finds nothing, so a malformed id answers like an unknown one.
 */
export const isUuid = (value: string): boolean => UUID.test(value)

/** The filter `column = id`, matching no row when `id` is not a UUID. */
export function idEquals<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: ReferenceExpression<DB, TB>,
  id: string,
): ExpressionWrapper<DB, TB, SqlBool> {
  return isUuid(id) ? eb(column, '=', id as never) : eb.lit(false)
}
