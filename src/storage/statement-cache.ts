import { createRequire } from 'node:module'

/**
 * Prepared statements kept per connection of the embedded database.
 *
 * @libsql/client prepares every statement again on every call and asks for its columns twice; on
 * this machine that is two thirds of a small query's cost (≈ 40 µs → 13 µs with this cache), and it
 * halves what chat can grade (quiz.answers_graded: ≈ 1,150 answers/s without, ≈ 2,300 with, README
 * "Performance"). The client offers no way to keep statements, so this module — the one place xuefa
 * reaches into the `libsql` package under it — wraps the `prepare` of its Database class once: each
 * connection keeps its statements by SQL text, with their column list. tests/integration/statement-cache.test.ts
 * fails when either library changes what this relies on.
 * Statements run synchronously from prepare to the last row, so one is never used twice at once.
 * Migrations bump a generation, which drops every cached statement (a `SELECT *` may have new columns).
 */

interface CachedStatement {
  columns(): unknown[]
  raw(toggle?: boolean): unknown
}
interface Connection {
  __xuefaStatements?: { generation: number; map: Map<string, CachedStatement> }
  __xuefaUncached?: true
}
interface DatabaseClass {
  prototype: { prepare(this: Connection, sql: string): CachedStatement }
}

const MAX_PER_CONNECTION = 400
let generation = 0
let installed = false
let uncachedScope = 0
export const statementCacheStats = { hits: 0, misses: 0 }

/** The `libsql` Database class: the very module instance @libsql/client imports. */
export function libsqlDatabaseClass<T = DatabaseClass>(): T {
  const require = createRequire(import.meta.url)
  const fromClient = require.resolve('libsql', { paths: [require.resolve('@libsql/client')] })
  return require(fromClient) as T
}

export function installStatementCache(): void {
  if (installed) return
  installed = true
  const proto = libsqlDatabaseClass().prototype
  const prepare = proto.prepare
  proto.prepare = function cachedPrepare(this: Connection, sql: string): CachedStatement {
    if (this.__xuefaUncached || uncachedScope > 0) {
      this.__xuefaUncached = true
      return prepare.call(this, sql)
    }
    let cache = this.__xuefaStatements
    if (!cache || cache.generation !== generation) cache = this.__xuefaStatements = { generation, map: new Map() }
    const hit = cache.map.get(sql)
    if (hit) {
      statementCacheStats.hits++
      return hit
    }
    statementCacheStats.misses++
    const stmt = prepare.call(this, sql)
    const columns = stmt.columns.bind(stmt)
    let known: unknown[] | undefined
    stmt.columns = () => (known ??= columns())
    // the client asks raw(true) of every statement and learns from the exception that a write returns
    // no rows; building that exception (with its stack) each time costs more than the write itself
    const raw = stmt.raw.bind(stmt)
    let noRows: unknown
    stmt.raw = (toggle?: boolean) => {
      if (noRows !== undefined) throw noRows
      try {
        return raw(toggle)
      } catch (e) {
        noRows = e
        throw e
      }
    }
    // statements built for one-off sizes (multi-row INSERTs) must not crowd out the hot ones forever
    if (cache.map.size >= MAX_PER_CONNECTION) cache.map.clear()
    cache.map.set(sql, stmt)
    return stmt
  }
}

/**
 * Runs `fn` (synchronously); every connection that prepares its first statement meanwhile never keeps statements. For
 * an embedded replica's connection (storage/replica.ts), opened and probed within `createClient`: a statement of a
 * replica run a second time gives the first run's rows again, whatever its arguments (libsql 0.5.29; tested in
 * tests/integration/replica.test.ts), so each call must prepare its own, as the client does.
 */
export function withoutStatementCache<T>(fn: () => T): T {
  uncachedScope++
  try {
    return fn()
  } finally {
    uncachedScope--
  }
}

/** After a schema change: every connection prepares its statements afresh. */
export function invalidateStatementCache(): void {
  generation++
}
