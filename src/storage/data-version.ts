import { libsqlDatabaseClass } from './statement-cache.js'

/**
 * Whether anything has been committed to the database since last time — by this process or any other.
 *
 * SQLite's `PRAGMA data_version` changes on a connection whenever *another* connection commits, in this
 * process or any other (it reads the WAL index; ≈ 4 µs here). A connection of its own that never writes
 * therefore sees every commit: the server's own writes, `xuefa import` run beside it, a second server.
 * The annual report's cache (reports/report-cache.ts) keeps the version each report was built at and uses it
 * only while that is still the current one, so it never shows anything the database no longer says.
 */
export interface DataVersion {
  /** a number that differs from the last one read whenever a commit happened in between */
  current(): number
  close(): void
}

interface NativeStatement {
  raw(toggle?: boolean): NativeStatement
  get(...args: unknown[]): unknown
}
interface NativeDatabase {
  prepare(sql: string): NativeStatement
  close(): void
}
type NativeDatabaseClass = new (path: string, options?: { readonly?: boolean }) => NativeDatabase

/** The path of a `file:` URL as the client reads it (`file:data/x.db`, `file:///abs/x.db`; authority, query and fragment dropped). */
export function filePathOf(url: string): string {
  const path = /^file:(?:\/\/[^/?#]*)?([^?#]*)/i.exec(url)?.[1] ?? ''
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** For a local database file; null when it cannot be opened (the caller then caches nothing). */
export function openDataVersion(path: string): DataVersion | null {
  let conn: NativeDatabase
  try {
    conn = new (libsqlDatabaseClass<NativeDatabaseClass>())(path, { readonly: true })
  } catch {
    return null
  }
  const stmt = conn.prepare('PRAGMA data_version').raw(true)
  return {
    current: () => Number((stmt.get() as unknown[])[0]),
    close: () => conn.close(),
  }
}
