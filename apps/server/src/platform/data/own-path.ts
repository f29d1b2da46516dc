const isPlainContainer = (value: unknown): value is object => {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * The value under `key` when `container` (a plain object or array) has it as its own enumerable
 * property, else undefined: `constructor`, `toString`, `__proto__` or an array's `length` are not
 * fields unless the data really holds such a key (as JSON.parse makes of `{"__proto__": 1}`).
 */
export function ownValue(container: unknown, key: string): unknown {
  if (!isPlainContainer(container) || !Object.prototype.propertyIsEnumerable.call(container, key)) return undefined
  return (container as Record<string, unknown>)[key]
}

/** The value at a dotted path (`visit.doctor.name`) or a list of keys, read with `ownValue` at every step. */
export function ownPathValue(root: unknown, path: string | readonly string[]): unknown {
  const keys = typeof path === 'string' ? path.split('.') : path
  return keys.reduce<unknown>((value, key) => ownValue(value, key), root)
}
