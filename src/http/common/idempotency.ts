import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Db } from '../../storage/db.js'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import type { AppEnv } from './types.js'
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  IN_PROGRESS,
  purgeIdempotencyKeys,
  releaseIdempotencyKey,
  storeIdempotentResponse,
} from './idempotency.repo.js'

const DAY_MS = 86_400_000
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
      // through the write lock: a write outside it would wait in SQLite's busy handler on the event loop
      await db.write((tx) => purgeIdempotencyKeys(tx, cutoff))
    }
    const claimed = await db.write((tx) =>
      claimIdempotencyKey(tx, {
        tokenId,
        key,
        requestHash,
        now: now.toISOString(),
        cutoff,
        abandoned: new Date(now.getTime() - ABANDONED_MS).toISOString(),
      }),
    )
    if (!claimed) {
      const row = await findIdempotencyKey(db, tokenId, key)
      if (row && row.requestHash !== requestHash) {
        throw new AppError('CONFLICT', 'this Idempotency-Key was already used with a different request')
      }
      if (!row || row.status === IN_PROGRESS) {
        throw new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry later')
      }
      c.header('Content-Type', 'application/json')
      c.header('Idempotent-Replayed', 'true')
      return c.body(row.responseBody, row.status as 200)
    }

    let stored = false
    try {
      await next()
      if (c.res.status < 500) {
        const text = await c.res.clone().text()
        await db.write((tx) => storeIdempotentResponse(tx, tokenId, key, c.res.status, text))
        stored = true
      }
    } finally {
      if (!stored) await db.write((tx) => releaseIdempotencyKey(tx, tokenId, key))
    }
  }
}
