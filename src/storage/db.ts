import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Client, InStatement, ResultSet, Transaction } from '@libsql/client'
import { isBusyError } from './errors.js'
import { installStatementCache } from './statement-cache.js'
import { filePathOf, openDataVersion, type DataVersion } from './data-version.js'
import { namespaceFetch, type RemoteFetch } from './remote-fetch.js'
import { mayHaveChanged, observeChanges, openReplicaReader, type ReplicaReader } from './replica.js'

/** Anything SQL can be run on: the client, or an open transaction. Repos take this first. */
export interface Executor {
  execute(stmt: InStatement): Promise<ResultSet>
}

/**
 * `execute` of a write statement (see isWriteStatement) on a local database runs it in a write transaction, through the
 * same lock and queue as `write`, so no write of this process ever waits in the busy handler for another of this process.
 * Inside `write` use its transaction: a write through the Db there would wait for the very transaction it is in.
 */
export interface Db extends Executor {
  readonly url: string
  /** a file this process's engine writes (false for a remote server, and for an embedded replica, whose writes go to its primary) */
  readonly isLocal: boolean
  /** The raw client, for the migrations runner, backups and benchmarks' baselines. */
  readonly client: Client
  /** Several writes in one write transaction (BEGIN IMMEDIATE); on a remote database one request (`client.batch(stmts, 'write')`). */
  batch(stmts: InStatement[]): Promise<ResultSet[]>
  /**
   * Several reads that do not depend on each other, seen from one snapshot: on a remote database one request (one round
   * trip, `client.batch(stmts, 'read')`); on a local file each runs as `execute` would, one after another.
   */
  read(stmts: InStatement[]): Promise<ResultSet[]>
  /** An interactive write transaction. `fn` may run again if the database stays busy, so it must only touch the database. */
  write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>
  /**
   * Changes whenever anything commits, in this process or another (see data-version.ts); null where it
   * cannot be known (in-memory and remote databases), and then nothing may be cached against it.
   */
  dataVersion(): number | null
  /**
   * Calls `listener` after each write of this process that may have changed something commits (the background loops
   * wake on it: poller.ts); a write that changed nothing (a lease another process holds, a sweep with nothing to sweep)
   * wakes no one, or a loop's own such write would wake it again at once, for ever. Returns its removal.
   */
  onCommit(listener: () => void): () => void
  /** An embedded replica only: brings its file up to the primary now (it also syncs after its writes, and when idle). */
  sync?(): Promise<void>
  /** Folds the write-ahead log back into the database file (a local file only), so it is one self-contained file. */
  checkpoint(): Promise<void>
  close(): void
}

export interface OpenDbOptions {
  authToken?: string
  busyTimeoutMs?: number
  /** connections kept for a local file; each gets the pragmas when it is opened */
  connections?: number
  /** a remote server with namespaces: the namespace (database) to use, sent as the first label of the Host (remote-fetch.ts) */
  namespace?: string
  /** called with every HTTP request made to a remote database: each is one round trip (the tests and the bench count them) */
  onRequest?: (request: Request) => void
  /**
   * an embedded replica: `url` is its local `file:`, this the primary's URL (replica.ts); `authToken` and `onRequest`
   * are then the primary's (the replica's own syncs are not seen by `onRequest`)
   */
  syncUrl?: string
  /** a replica's idle syncs: at most one per this many ms (default 5,000) */
  syncIntervalMs?: number
  /** a replica's sync that failed (the primary out of reach): its reads go on from the file as it is */
  onSyncError?: (error: unknown) => void
}

/** The database settings of the configuration (CONTRACT §7 and the README's additions). */
export interface DbSettings {
  XUEFA_DB_URL: string
  XUEFA_DB_AUTH_TOKEN?: string
  XUEFA_DB_NAMESPACE?: string
  XUEFA_DB_SYNC_URL?: string
  /** seconds */
  XUEFA_DB_SYNC_INTERVAL?: number
}

/** Opens the database the configuration names: the one call of the composition roots (main.ts, context.ts). */
export function openConfiguredDb(settings: DbSettings, o: Pick<OpenDbOptions, 'onSyncError'> = {}): Promise<Db> {
  return openDb(settings.XUEFA_DB_URL, {
    authToken: settings.XUEFA_DB_AUTH_TOKEN,
    namespace: settings.XUEFA_DB_NAMESPACE,
    syncUrl: settings.XUEFA_DB_SYNC_URL,
    syncIntervalMs: settings.XUEFA_DB_SYNC_INTERVAL === undefined ? undefined : settings.XUEFA_DB_SYNC_INTERVAL * 1000,
    onSyncError: o.onSyncError,
  })
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000

/**
 * Opens the database. For a local file the client keeps a small pool of connections and
 * `transaction()` hands one of them to the transaction, so the pragmas (which are per connection)
 * are applied to every connection of the pool up front, and the pool is sized so it never opens
 * another. Remote URLs (libsql://, http://) are passed through as they are.
 */
export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  if (options.syncUrl) return openReplicaDb(url, options.syncUrl, options)
  const isLocal = url.startsWith('file:')
  const isMemory = isLocal && /^file::memory:|^file:.*mode=memory/.test(url)
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const connections = isMemory ? 1 : Math.max(1, options.connections ?? 4)
  if (isLocal && !isMemory) ensureDirectory(url)
  if (isLocal) installStatementCache()

  // a file needs only the embedded engine; the HTTP and WebSocket clients (and their libraries) load for a server
  const { createClient } = isLocal ? await import('@libsql/client/sqlite3') : await import('@libsql/client')
  const client = createClient({
    url,
    authToken: options.authToken,
    fetch: isLocal ? undefined : remoteFetch(options),
    intMode: 'number',
    concurrency: isLocal ? connections : undefined,
    timeout: isLocal ? busyTimeoutMs : undefined,
  })

  if (isLocal) {
    const setup =
      `PRAGMA busy_timeout = ${busyTimeoutMs}; ` +
      (isMemory ? '' : 'PRAGMA journal_mode = WAL; ') +
      'PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;'
    // Invoked in one synchronous loop, each call borrows a different connection: the whole pool.
    await Promise.all(Array.from({ length: connections }, () => client.executeMultiple(setup)))
  }
  const version = isLocal && !isMemory ? openDataVersion(filePathOf(url)) : null
  return createDb(client, url, isLocal, isMemory, version)
}

const DEFAULT_SYNC_INTERVAL_MS = 5000

/**
 * An embedded replica (replica.ts): reads from the local file; writes — `execute` of a write statement, `batch`, `write`
 * — to the primary through a remote Db of its own (the same one-writer queue and transactions as a remote database),
 * each acknowledged only after a sync has brought it into the file (one sync for the writes that committed together;
 * none for a write that changed nothing). `dataVersion()` is the file's (data-version.ts): it moves on this process's
 * writes (their sync) and on every sync that brought frames, so a report kept against it is dropped as soon as the
 * file holds anything newer.
 */
async function openReplicaDb(url: string, syncUrl: string, options: OpenDbOptions): Promise<Db> {
  ensureDirectory(url)
  installStatementCache()
  const primary = await openDb(syncUrl, { authToken: options.authToken, onRequest: options.onRequest })
  let reader: ReplicaReader
  try {
    // one round trip first: the primary's own client says at once what is wrong (a refused token, a server down),
    // where the replica's first sync would retry its handshake for seconds and then say only that it timed out
    await primary.execute('SELECT 1')
    reader = await openReplicaReader(url, syncUrl, {
      authToken: options.authToken,
      syncIntervalMs: options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
      onSyncError: options.onSyncError,
    })
  } catch (e) {
    primary.close()
    throw e
  }
  // Reads: plain connections to the same file (never written through: every write goes to the primary). They see each
  // sync's frames as any reader of a WAL file sees another connection's commit, keep their prepared statements, read
  // side by side, and do not wait for a sync, which holds the replica's own connection for all of its round trip.
  const { createClient } = await import('@libsql/client/sqlite3')
  const connections = Math.max(1, options.connections ?? 4)
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const reads = createClient({ url, intMode: 'number', concurrency: connections, timeout: busyTimeoutMs })
  try {
    // query_only: a statement that would write the file (none is sent here) fails instead of forking it from the primary
    const setup = `PRAGMA busy_timeout = ${busyTimeoutMs}; PRAGMA query_only = ON;`
    await Promise.all(Array.from({ length: connections }, () => reads.executeMultiple(setup)))
  } catch (e) {
    reads.close()
    reader.close()
    primary.close()
    throw e
  }
  const version = openDataVersion(filePathOf(url))
  // acknowledged once the file holds it; a write that changed nothing (an idle sweep) needs no sync
  const listeners = new Set<() => void>()
  const synced = async <T>(write: Promise<T>, changed: (value: T) => boolean): Promise<T> => {
    const value = await write
    if (!changed(value)) return value
    await reader.afterWrite()
    // the background loops, woken (poller.ts), read the file: they are told once it holds the write
    for (const l of listeners) l()
    return value
  }
  return {
    url,
    isLocal: false,
    client: primary.client,
    execute(stmt) {
      if (!isWriteStatement(typeof stmt === 'string' ? stmt : stmt.sql)) return reads.execute(stmt)
      return synced(primary.execute(stmt), (rs) => mayHaveChanged(stmt, rs))
    },
    batch: (stmts) => synced(primary.batch(stmts), (results) => results.some((rs, i) => mayHaveChanged(stmts[i]!, rs))),
    // reads are the local file's: one after another, as on a file
    async read(stmts) {
      const out: ResultSet[] = []
      for (const stmt of stmts) out.push(await reads.execute(stmt))
      return out
    },
    onCommit(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async write(fn) {
      let changed = false
      return synced(
        primary.write((tx) => fn(observeChanges(tx, () => (changed = true)))),
        () => changed,
      )
    },
    dataVersion: () => (version ? version.current() : null),
    sync: () => reader.sync(),
    // the file is the replica's own to keep; the primary folds its log itself
    checkpoint: async () => {},
    close() {
      // the replica's own connection last: the file's last connection may fold the log into it on closing
      version?.close()
      reads.close()
      reader.close()
      primary.close()
    },
  }
}

function remoteFetch(options: OpenDbOptions): RemoteFetch | undefined {
  const base: RemoteFetch | undefined = options.namespace ? namespaceFetch(options.namespace) : undefined
  const observe = options.onRequest
  if (!observe) return base
  const next: RemoteFetch = base ?? ((request) => fetch(request))
  return (request) => {
    observe(request)
    return next(request)
  }
}

function ensureDirectory(url: string): void {
  const path = filePathOf(url)
  if (path === '') return
  mkdirSync(dirname(resolve(path)), { recursive: true })
}

/**
 * Whether a statement may change the database, so must take this process's write lock: anything but a query
 * (SELECT, VALUES, a WITH that ends in one, EXPLAIN), a PRAGMA (run as it is: most cannot run inside a transaction, and
 * the one that waits for the writer, the checkpoint, has `checkpoint()`) or VACUUM INTO (a copy read from one snapshot).
 *
 * Why every write must take it: while an import's write transaction lets the event loop run, a write of this process
 * that went straight to a connection of the pool would find the database locked and wait out its busy timeout in
 * SQLite's busy handler — synchronously, on the very thread that holds the lock, so for all of the timeout, and then fail.
 */
function isWriteStatement(sql: string): boolean {
  const text = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '')
  const first = /^[a-z]+/i.exec(text)?.[0].toLowerCase() ?? ''
  if (first === 'with') return /\)\s*(?:insert|replace|update|delete)\b/i.test(text)
  return !READ_STATEMENTS.has(first)
}
const READ_STATEMENTS = new Set(['select', 'values', 'explain', 'pragma', 'vacuum', ''])

function createDb(client: Client, url: string, isLocal: boolean, isMemory: boolean, version: DataVersion | null): Db {
  // One writer at a time in this process: SQLite allows one anyway, and a second BEGIN IMMEDIATE on
  // another connection of this process would block the event loop in the busy handler while the
  // first transaction waits for that same event loop to commit.
  const writeLock = createMutex()
  // An in-memory database has a single connection, which an open transaction holds.
  const readThroughLock = isMemory
  const commits = createCommitQueue(client, writeLock)
  const reads = isLocal ? null : createReadCoalescer(client)
  const listeners = new Set<() => void>()
  // the listeners are told of a commit that may have changed something (see Db.onCommit)
  const committed = <T>(p: Promise<T>, changed: (value: T) => boolean): Promise<T> =>
    listeners.size === 0
      ? p
      : p.then((value) => {
          if (changed(value)) for (const l of listeners) l()
          return value
        })
  const executed = (stmt: InStatement) => (rs: ResultSet) => mayHaveChanged(stmt, rs)
  const batched = (stmts: InStatement[]) => (results: ResultSet[]) => results.some((rs, i) => mayHaveChanged(stmts[i]!, rs))

  return {
    url,
    isLocal,
    client,
    execute(stmt) {
      const sql = typeof stmt === 'string' ? stmt : stmt.sql
      // a write takes the write lock like any other (see isWriteStatement): in a write transaction, grouped as `write`s are
      // (a remote database has no busy handler in this process: its writes keep their one round trip)
      if (isLocal && isWriteStatement(sql))
        return committed(
          commits.write((tx) => tx.execute(stmt)),
          executed(stmt),
        )
      // a remote query joins the others asked in the same turn of the event loop: one round trip for them all
      if (reads && isQuery(sql)) return reads.execute(stmt)
      if (readThroughLock) return writeLock.run(() => client.execute(stmt))
      // a remote write takes this process's write lock too (see batch) and, answered busy, runs again (it changed nothing)
      return isLocal || !isWriteStatement(sql)
        ? client.execute(stmt)
        : committed(
            writeLock.run(() => retryBusy(() => client.execute(stmt))),
            executed(stmt),
          )
    },
    async read(stmts) {
      if (stmts.length === 0) return []
      if (reads) return stmts.length === 1 ? [await client.execute(stmts[0]!)] : client.batch(stmts, 'read')
      const out: ResultSet[] = []
      for (const stmt of stmts) out.push(await this.execute(stmt))
      return out
    },
    batch(stmts) {
      // a remote server runs a batch as one transaction of its own: one request, rather than BEGIN … COMMIT round trips.
      // One write of this process at a time, as on a file (the lock is in this process: no round trip). With 200 batches
      // sent at once (the load test's quiz answers on sqld, beside a kill chain) some were answered SQLITE_BUSY (5 of 200
      // last answers lost to an apology) and the run stalled past its 120 s; likely sqld's 128 request slots filled with
      // writes waiting for its write lock, held by a transaction of `write` whose next statement waited for a slot, until
      // sqld's 5 s timeout, again and again. Answered busy, a batch did nothing, so it runs again, as a local write does.
      if (!isLocal)
        return committed(
          writeLock.run(() => retryBusy(() => client.batch(stmts, 'write'))),
          batched(stmts),
        )
      return committed(
        commits.write((tx) => tx.batch(stmts)),
        batched(stmts),
      )
    },
    write(fn) {
      // (no listener: nothing to observe, and the group commit's hot path stays as it was)
      if (listeners.size === 0) return commits.write(fn)
      let changed = false
      return committed(
        commits.write((tx) => fn(observeChanges(tx, () => (changed = true)))),
        () => changed,
      )
    },
    onCommit(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dataVersion() {
      return version ? version.current() : null
    },
    async checkpoint() {
      // TRUNCATE waits for the writer: never for one of this process, which could only commit once this returned
      if (isLocal && !isMemory) await writeLock.run(() => client.execute('PRAGMA wal_checkpoint(TRUNCATE)'))
    },
    close() {
      version?.close()
      client.close()
    },
  }
}

/** A statement that only reads: what a remote read batch may carry (no PRAGMA, which a server may refuse alone). */
function isQuery(sql: string): boolean {
  const text = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, '')
  const first = /^[a-z]+/i.exec(text)?.[0].toLowerCase() ?? ''
  return first === 'select' || first === 'values' || (first === 'with' && !isWriteStatement(text))
}

interface QueuedRead {
  stmt: InStatement
  resolve(rs: ResultSet): void
  reject(error: unknown): void
}

/**
 * Remote reads asked in the same turn of the event loop (a `Promise.all` of repo calls, the report's queries, two
 * requests at once) go as one read batch: one HTTP request to the server, seen from one snapshot. Should the batch fail
 * (a statement the server refuses), each runs again alone so that each caller gets its own answer or error.
 */
function createReadCoalescer(client: Client) {
  let queue: QueuedRead[] = []
  const flush = async () => {
    const group = queue
    queue = []
    if (group.length === 1) {
      const one = group[0]!
      return client.execute(one.stmt).then(one.resolve, one.reject)
    }
    try {
      const results = await client.batch(
        group.map((r) => r.stmt),
        'read',
      )
      for (const [i, r] of group.entries()) r.resolve(results[i]!)
    } catch {
      for (const r of group) client.execute(r.stmt).then(r.resolve, r.reject)
    }
  }
  return {
    execute(stmt: InStatement): Promise<ResultSet> {
      return new Promise<ResultSet>((resolve, reject) => {
        queue.push({ stmt, resolve, reject })
        if (queue.length === 1) setImmediate(() => void flush())
      })
    },
  }
}

interface QueuedWrite {
  fn: (tx: Transaction) => Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/**
 * Group commit. A write that finds no transaction running starts one at once, alone, as before. Writes
 * that arrive while one runs wait and then share the next transaction, each inside its own SAVEPOINT,
 * so a failing one rolls back alone. Each caller is answered only after the commit that holds its work
 * ("acknowledged" still means durable); under load there is one BEGIN/COMMIT for many writes. If the
 * database stays busy the whole group runs again, which is why write functions may only touch the
 * database.
 */
function createCommitQueue(client: Client, lock: Mutex, maxGroup = 64) {
  const queue: QueuedWrite[] = []
  let draining = false

  async function runGroup(group: QueuedWrite[]): Promise<Outcome[]> {
    const tx = await client.transaction('write')
    try {
      const outcomes: Outcome[] = []
      if (group.length === 1) {
        outcomes.push({ ok: true, value: await group[0]!.fn(tx) })
      } else {
        for (let i = 0; i < group.length; i++) {
          await tx.execute(`SAVEPOINT w${i}`)
          try {
            outcomes.push({ ok: true, value: await group[i]!.fn(tx) })
            await tx.execute(`RELEASE w${i}`)
          } catch (error) {
            if (isBusyError(error)) throw error // the whole group runs again
            await tx.execute(`ROLLBACK TO w${i}`)
            await tx.execute(`RELEASE w${i}`)
            outcomes.push({ ok: false, error })
          }
        }
      }
      await tx.commit()
      return outcomes
    } finally {
      tx.close()
    }
  }

  async function drain(): Promise<void> {
    draining = true
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, maxGroup)
        try {
          const outcomes = await lock.run(() => retryBusy(() => runGroup(group)))
          group.forEach((w, i) => {
            const o = outcomes[i]!
            if (o.ok) w.resolve(o.value)
            else w.reject(o.error)
          })
        } catch (error) {
          for (const w of group) w.reject(error)
        }
      }
    } finally {
      draining = false
    }
  }

  return {
    write<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject })
        if (!draining) void drain()
      })
    },
  }
}

export interface Mutex {
  run<T>(fn: () => Promise<T>): Promise<T>
}

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn)
      tail = result.then(
        () => undefined,
        () => undefined,
      )
      return result
    },
  }
}

/** The busy timeout already waited; a few more bounded tries cover a long import in another process. */
async function retryBusy<T>(fn: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      if (!isBusyError(e) || i >= tries) throw e
      await new Promise((r) => setTimeout(r, 50 * i + Math.floor(Math.random() * 50)))
    }
  }
}

export async function readPragmas(
  ex: Executor,
): Promise<{ journal_mode: string; synchronous: number; foreign_keys: number; busy_timeout: number }> {
  const one = async (name: string) => {
    const rs = await ex.execute(`PRAGMA ${name}`)
    const row = rs.rows[0]
    return row ? row[0] : undefined
  }
  return {
    journal_mode: String(await one('journal_mode')),
    synchronous: Number(await one('synchronous')),
    foreign_keys: Number(await one('foreign_keys')),
    busy_timeout: Number(await one('busy_timeout')),
  }
}
