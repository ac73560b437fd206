/**
 * Values derived from the database, kept while the database's data version (see data-version.ts) stays
 * the one they were built at. Every entry shares one version: an entry stored at a newer version, or a
 * lookup that finds the version moved on, drops them all. Bounded by entry count and by size, least
 * recently used first.
 */
export interface VersionedCache<V> {
  get(key: string, version: number): V | undefined
  set(key: string, version: number, value: V, size?: number): void
  readonly size: number
  clear(): void
}

export function createVersionedCache<V>(options: { maxEntries: number; maxBytes?: number }): VersionedCache<V> {
  const { maxEntries, maxBytes = Infinity } = options
  const entries = new Map<string, { value: V; size: number }>()
  let version: number | null = null
  let bytes = 0

  const clear = () => {
    entries.clear()
    bytes = 0
  }
  const remove = (key: string) => {
    const e = entries.get(key)
    if (!e) return
    entries.delete(key)
    bytes -= e.size
  }

  return {
    get(key, current) {
      if (current !== version) {
        if (entries.size > 0) clear()
        return undefined
      }
      const e = entries.get(key)
      if (!e) return undefined
      // most recently used last
      entries.delete(key)
      entries.set(key, e)
      return e.value
    },
    set(key, at, value, size = 0) {
      if (size > maxBytes) return
      if (at !== version) {
        clear()
        version = at
      }
      remove(key)
      entries.set(key, { value, size })
      bytes += size
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break
        remove(oldest)
      }
    },
    get size() {
      return entries.size
    },
    clear,
  }
}
