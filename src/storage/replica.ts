import type { Client, InStatement, ResultSet, Transaction } from '@libsql/client'
import { withoutStatementCache } from './statement-cache.js'

/**
 * The local side of an embedded replica: a `file:` that copies a primary libSQL server (sqld, Turso) by syncing its
 * frames. This module keeps it in sync, on the replica client's one connection; nothing writes through it. Reads go to
 * plain read-only connections of the same file, and writes to the primary over its own remote client (db.ts
 * `openReplicaDb`), after which `afterWrite()` syncs, so the writer reads its write at once; others after their sync.
 *
 * Why not the replica's own write forwarding: its client has one connection, which an interactive transaction holds
 * for all of its forwarded round trips (every read of the process fails with TRANSACTION_ACTIVE meanwhile), its
 * forwarded errors are plain `Error`s with a native backtrace in the message (not the LibsqlError codes storage/errors.ts
 * reads), and it refuses VACUUM INTO and wal_checkpoint. Writing through the primary's own client keeps one code path
 * with a remote database (the same errors, transactions, busy handling and round-trip counting).
 *
 * PRAGMAs: none are sent on the replica's connection. It is already in WAL mode with synchronous = NORMAL (libSQL sets
 * both, and refuses to change them, as it refuses busy_timeout); foreign keys matter only where rows are written, on
 * the primary (sqld enforces them); and no busy timeout is needed there, as nothing else writes the file. The plain
 * read connections get busy_timeout (as every local connection) and query_only.
 */
export interface ReplicaReader {
  /** the replica's client: syncs only (see above) */
  readonly client: Client
  /** Brings the file up to the primary; resolves once a sync that started after this call has finished. */
  sync(): Promise<void>
  /** After a committed write: syncs, and on failure leaves catching up to the idle syncs (the write is on the primary). */
  afterWrite(): Promise<void>
  close(): void
}

export interface ReplicaOptions {
  authToken?: string
  /** ms between syncs while nothing else synced (a sync after a write counts) */
  syncIntervalMs: number
  /** a sync that failed (the primary out of reach); the file keeps answering with what it has */
  onSyncError?: (error: unknown) => void
}

export async function openReplicaReader(url: string, syncUrl: string, o: ReplicaOptions): Promise<ReplicaReader> {
  const { createClient } = await import('@libsql/client/sqlite3')
  // no syncInterval: the client's own periodic sync would run unseen; this module drives it (and counts on it). Its one
  // connection is opened (and probed) within createClient, so it is marked to keep no statements (statement-cache.ts).
  const client = withoutStatementCache(() => createClient({ url, syncUrl, authToken: o.authToken, intMode: 'number' }))
  // the sync under way, and the next one (which every caller joins until it starts: all the writes of a group that
  // committed together share it)
  let running: Promise<void> | null = null
  let next: Promise<void> | null = null
  let lastSync = 0
  let closed = false

  /** A sync that starts after this call: the one running may have started before the caller's commit. */
  const sync = (): Promise<void> => {
    next ??= (running ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        next = null
        if (closed) return
        // a failed try counts too: with the primary out of reach, the idle syncs still come once an interval
        const run = client.sync().then(
          () => {
            lastSync = Date.now()
          },
          (e: unknown) => {
            lastSync = Date.now()
            throw e
          },
        )
        running = run
        try {
          await run
        } finally {
          if (running === run) running = null
        }
      })
    return next
  }

  try {
    await sync()
  } catch (e) {
    client.close()
    throw e
  }

  const timer = setInterval(
    () => {
      if (closed || running || next || Date.now() - lastSync < o.syncIntervalMs) return
      sync().catch((e: unknown) => o.onSyncError?.(e))
    },
    Math.max(10, Math.floor(o.syncIntervalMs / 4)),
  )
  timer.unref()

  return {
    client,
    sync,
    async afterWrite() {
      await sync().catch((e: unknown) => o.onSyncError?.(e))
    },
    close() {
      closed = true
      clearInterval(timer)
      // a sync under way finishes first: closed under it, its connection to the primary would stay open
      if (running) running.catch(() => undefined).finally(() => client.close())
      else client.close()
    },
  }
}

/**
 * Whether a statement may have changed the primary, so needs a sync before it is acknowledged: rows affected, or
 * anything but DML and queries (a CREATE or DROP says 0 rows). An idle process's sweeps (`UPDATE … WHERE` nothing is stale) change
 * nothing, and then cost no sync.
 */
export function mayHaveChanged(stmt: InStatement, rs: ResultSet): boolean {
  if (rs.rowsAffected > 0) return true
  const sql = (typeof stmt === 'string' ? stmt : stmt.sql).replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '')
  return !/^(?:insert|update|delete|replace|with|select|values|explain|pragma)\b/i.test(sql)
}

/** The transaction as it is, telling `changed` of every statement that may have changed the primary. */
export function observeChanges(tx: Transaction, changed: () => void): Transaction {
  return new Proxy(tx, {
    get(target, key) {
      if (key === 'execute')
        return async (stmt: InStatement) => {
          const rs = await target.execute(stmt)
          if (mayHaveChanged(stmt, rs)) changed()
          return rs
        }
      if (key === 'batch')
        return async (stmts: InStatement[]) => {
          const results = await target.batch(stmts)
          if (results.some((rs, i) => mayHaveChanged(stmts[i]!, rs))) changed()
          return results
        }
      if (key === 'executeMultiple')
        return (sql: string) => {
          changed()
          return target.executeMultiple(sql)
        }
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
