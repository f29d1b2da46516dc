const UNIQUE_VIOLATION = '23505'
const FOREIGN_KEY_VIOLATION = '23503'

const sqlState = (error: unknown) => (error as { code?: string } | null)?.code

/** True for PostgreSQL's unique_violation, which callers turn into a 409 or a retry. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === UNIQUE_VIOLATION
}

/** True for PostgreSQL's foreign_key_violation: a row referenced a parent deleted meanwhile; callers answer the parent's 404. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === FOREIGN_KEY_VIOLATION
}
