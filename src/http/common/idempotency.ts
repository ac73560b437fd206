import { createHash, randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { Db, Executor } from '../../storage/db.js'
import type { Clock } from '../../clock.js'
import { AppError } from '../../errors.js'
import { ownerIsDead, processOwner } from '../../owner.js'
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
  /** this process as the holder of keys in progress (default: processOwner('http')) */
  owner?: string
}

interface Claimed {
  tokenId: number
  key: string
  claim: string
}

/** The claim of each request that holds a key, for `respondOnceIn`. */
const claims = new WeakMap<Request, Claimed>()

/**
 * `Idempotency-Key` on POST, the way Stripe does it: keys are per token; the first response (status and body)
 * is stored and sent again for the same key and the same request; the same key with another request is a 409.
 *
 * Exactly once, across crashes: the key is claimed first (a row in progress naming this process and a random claim),
 * so a concurrent duplicate finds it and is refused with a 409 at once. A route with an effect stores its response
 * with `respondOnceIn` **in the transaction of its effect**, and only while the claim is still its own: so either the
 * effect and its response committed together — a retry gets that response (`Idempotent-Replayed: true`), even after
 * the process was killed right after the commit — or neither did, and the retry runs the request. After the handler,
 * the response it actually sent replaces the one stored with the effect (same status; a route may add, after its
 * transaction, what a retry after a crash would not get, such as a session's capacity). A key whose process died
 * (src/owner.ts: same host, process gone) is taken over by a retry at once; one held by a process not known to be
 * dead after a minute (`ABANDONED_MS`). A 5xx that changed nothing is not stored: the client may retry with the same
 * key. Keys older than `ttlMs` are forgotten (and purged about once an hour).
 */
export function idempotency(options: IdempotencyOptions): MiddlewareHandler<AppEnv> {
  const { db, clock, ttlMs = DAY_MS, exceptPaths = [] } = options
  const owner = options.owner ?? processOwner('http')
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
    const claim = randomBytes(12).toString('base64url')
    const attempt = {
      tokenId,
      key,
      requestHash,
      now: now.toISOString(),
      owner,
      claim,
      cutoff,
      abandoned: new Date(now.getTime() - ABANDONED_MS).toISOString(),
    }
    let claimed = await db.write((tx) => claimIdempotencyKey(tx, attempt))
    if (!claimed) {
      const row = await findIdempotencyKey(db, tokenId, key)
      if (row && row.requestHash !== requestHash) {
        throw new AppError('CONFLICT', 'this Idempotency-Key was already used with a different request')
      }
      if (row?.status === IN_PROGRESS && row.claim && ownerIsDead(row.owner)) {
        // its process died before the effect committed (the effect commits with the response): run it now
        claimed = await db.write((tx) => claimIdempotencyKey(tx, attempt, row.claim))
      }
      if (!claimed) {
        if (!row || row.status === IN_PROGRESS) {
          throw new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry later')
        }
        c.header('Content-Type', 'application/json')
        c.header('Idempotent-Replayed', 'true')
        return c.body(row.responseBody, row.status as 200)
      }
    }

    const mine: Claimed = { tokenId, key, claim }
    claims.set(c.req.raw, mine)
    let stored = false
    try {
      await next()
      if (c.res.status < 500) {
        const text = await c.res.clone().text()
        await db.write((tx) => storeIdempotentResponse(tx, { ...mine, status: c.res.status, body: text }))
        stored = true
      }
    } finally {
      // a 5xx or a throw: the key is free again, unless a response was stored with an effect (then it is kept)
      if (!stored) await db.write((tx) => releaseIdempotencyKey(tx, tokenId, key, claim))
    }
  }
}

/**
 * Called by a route within the transaction of its effect: stores the response a retry with the same
 * `Idempotency-Key` gets, so that effect and response commit together. Nothing when the request carries no key.
 * Throws a 409 (rolling the effect back) when a retry has taken the key over meanwhile — the retry's effect counts.
 */
export async function respondOnceIn(c: Context, tx: Executor, status: number, body: unknown): Promise<void> {
  const mine = claims.get(c.req.raw)
  if (!mine) return
  if (!(await storeIdempotentResponse(tx, { ...mine, status, body: JSON.stringify(body) }))) {
    throw new AppError('CONFLICT', 'a retry with this Idempotency-Key took it over; its result counts')
  }
}
