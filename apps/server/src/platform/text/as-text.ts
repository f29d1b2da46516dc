/** A value as text for a message, or undefined when there is nothing to show. */
export function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => asText(item) ?? '').join(', ')
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.trim() === '' ? undefined : text
}
