interface Entry {
  value: unknown
  expiresAt: number
}

/** A load under way; `kept` turns false when its scope is invalidated before it ends, so its value is not stored. */
interface Load {
  promise: Promise<unknown>
  kept: boolean
}

interface Scope {
  entries: Map<string, Entry>
  loads: Map<string, Load>
}

export interface StoreLimits {
  /** How long a value is kept at most: the safety net for a notification that never came. */
  ttlMs: number
  /** Scopes kept at most; the least recently read goes first. */
  maxScopes: number
}

/**
 * This node's copy of values read from the database, by scope (all that one invalidation drops)
 * and name. A value is stored only when nothing invalidated its scope while it was loading, and
 * only while `storing` (the invalidation channel is listening, so no notification can be missed).
 */
export function createLocalStore({ ttlMs, maxScopes }: StoreLimits) {
  const scopes = new Map<string, Scope>()
  /** Scopes whose writer's transaction has not yet been echoed back as committed: loads of them are not kept. */
  const holds = new Map<string, number>()
  let storing = false

  const touch = (scopeName: string, scope: Scope) => {
    scopes.delete(scopeName)
    scopes.set(scopeName, scope)
  }

  const isHeld = (scopeName: string, now: number) => {
    const until = holds.get(scopeName)
    if (until === undefined) return false
    if (until > now) return true
    holds.delete(scopeName)
    return false
  }

  function put(scopeName: string, name: string, value: unknown) {
    const scope = scopes.get(scopeName) ?? { entries: new Map(), loads: new Map() }
    scope.entries.set(name, { value, expiresAt: Date.now() + ttlMs })
    touch(scopeName, scope)
    for (const oldest of scopes.keys()) {
      if (scopes.size <= maxScopes) break
      drop(oldest)
    }
  }

  function drop(scopeName: string) {
    const scope = scopes.get(scopeName)
    if (!scope) return
    for (const load of scope.loads.values()) load.kept = false
    scopes.delete(scopeName)
  }

  function clear() {
    for (const scopeName of [...scopes.keys()]) drop(scopeName)
    holds.clear()
  }

  return {
    read<T>(scopeName: string, name: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now()
      const scope = scopes.get(scopeName)
      const entry = scope?.entries.get(name)
      if (scope && entry && entry.expiresAt > now) {
        touch(scopeName, scope)
        return Promise.resolve(entry.value as T)
      }
      if (entry) scope?.entries.delete(name)
      // Only a load nothing invalidated is joined: one begun before a write may have read the old rows.
      const pending = scope?.loads.get(name)
      if (pending) return pending.promise as Promise<T>

      const current: Load = { promise: Promise.resolve(), kept: storing && !isHeld(scopeName, now) }
      const promise = load().then((value) => {
        if (current.kept) put(scopeName, name, value)
        return value
      })
      if (!current.kept) return promise
      const home = scope ?? { entries: new Map(), loads: new Map() }
      if (!scope) scopes.set(scopeName, home)
      current.promise = promise
      home.loads.set(name, current)
      const forget = () => {
        if (home.loads.get(name) === current) home.loads.delete(name)
      }
      promise.then(forget, forget)
      return promise
    },

    /** Drops the scope now and keeps none of its loads until `release` (the commit's echo) or `holdMs`. */
    hold(scopeName: string, holdMs: number) {
      const now = Date.now()
      for (const [held, until] of holds) if (until <= now) holds.delete(held)
      holds.set(scopeName, now + holdMs)
      drop(scopeName)
    },

    /** An invalidation came in (another node's write, or this node's own once committed). */
    release(scopeName: string) {
      drop(scopeName)
      holds.delete(scopeName)
    },

    /** While false nothing is stored, and turning it off forgets everything. */
    setStoring(on: boolean) {
      storing = on
      if (!on) clear()
    },
  }
}
