const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are opaque to callers; anything that is not a UUID cannot name a row (and must not reach a uuid column). */
export const isUuid = (value: string): boolean => UUID.test(value)
