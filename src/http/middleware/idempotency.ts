import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../storage/db.js'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import type { AppEnv } from '../types.js'

const DAY_MS = 86_400_000
const IN_PROGRESS = 0
const ABANDONED_MS = 60_000
const KEY = /^[\x21-\x7e]{1,255}$/

export interface IdempotencyOptions {
  db: Db
  clock: Clock
  /** how long a key is remembered (default 24 h) */
  ttlMs?: number
  /** paths (under the mount) whose responses must not be stored, e.g. a freshly created secret */
  exceptPaths?: string[]
}

/**
 * `Idempotency-Key` on POST, the way Stripe does it: keys are per token; the first response (status and body)
 * is stored and sent again for the same key and the same request; the same key with another request is a 409.
 * A placeholder row is written before the handler runs, so a concurrent duplicate finds it and is refused
 * (409) instead of running twice. A 5xx is not stored: the client may retry with the same key. Keys older
 * than `ttlMs` are forgotten (and purged about once an hour).
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  const { db, clock, ttlMs = DAY_MS, exceptPaths = [] } = options
  let lastPurge = 0

  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (c.req.method !== 'POST' || key === undefined || exceptPaths.includes(c.req.path)) return next()
    if (!KEY.test(key)) throw new AppError('INVALID_INPUT', 'Idempotency-Key must be 1 to 255 visible ASCII characters')
    const tokenId = c.get('auth').tokenId
    const body = new Uint8Array(await c.req.arrayBuffer())
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${c.req.header('content-type') ?? ''}\n`)
      .update(body)
      .digest('hex')
    const now = clock.now()
    const cutoff = new Date(now.getTime() - ttlMs).toISOString()
    if (now.getTime() - lastPurge > 3_600_000) {
      lastPurge = now.getTime()
      await db.batch([{ sql: 'DELETE FROM idempotency_keys WHERE created_at < :cutoff', args: { cutoff } }])
    }

    const [claim] = await db.batch([
      {
        sql: `INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at)
              VALUES (:tokenId, :key, :requestHash, ${IN_PROGRESS}, '', :now)
              ON CONFLICT (token_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = ${IN_PROGRESS},
                response_body = '', created_at = excluded.created_at
              WHERE idempotency_keys.created_at < :cutoff
                 OR (idempotency_keys.status = ${IN_PROGRESS} AND idempotency_keys.created_at < :abandoned)`,
        // a placeholder this old was left by a process that died mid-request: the key may be used again
        args: {
          tokenId,
          key,
          requestHash,
          now: now.toISOString(),
          cutoff,
          abandoned: new Date(now.getTime() - ABANDONED_MS).toISOString(),
        },
      },
    ])
    const where = { sql: 'token_id = :tokenId AND key = :key', args: { tokenId, key } }
    if (!claim || claim.rowsAffected === 0) {
      const rs = await db.execute({
        sql: `SELECT request_hash, status, response_body FROM idempotency_keys WHERE ${where.sql}`,
        args: where.args,
      })
      const row = rs.rows[0]
      if (row && String(row.request_hash) !== requestHash) {
        throw new AppError('CONFLICT', 'this Idempotency-Key was already used with a different request')
      }
      if (!row || Number(row.status) === IN_PROGRESS) {
        throw new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry later')
      }
      c.header('Content-Type', 'application/json')
      c.header('Idempotent-Replayed', 'true')
      return c.body(String(row.response_body), Number(row.status) as 200)
    }

    let stored = false
    try {
      await next()
      if (c.res.status < 500) {
        const text = await c.res.clone().text()
        await db.batch([
          {
            sql: `UPDATE idempotency_keys SET status = :status, response_body = :text WHERE ${where.sql}`,
            args: { ...where.args, status: c.res.status, text },
          },
        ])
        stored = true
      }
    } finally {
      if (!stored) await db.batch([{ sql: `DELETE FROM idempotency_keys WHERE ${where.sql}`, args: where.args }])
    }
  }
}
