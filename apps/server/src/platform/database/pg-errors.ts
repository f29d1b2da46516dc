const UNIQUE_VIOLATION = '23505'

/** True for PostgreSQL's unique_violation, which callers turn into a 409 or a retry. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === UNIQUE_VIOLATION
}
