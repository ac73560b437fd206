import type { Executor } from '../../storage/db.js'

/** A key whose request is being handled (no response stored yet). */
export const IN_PROGRESS = 0

export interface KeyClaim {
  tokenId: number
  key: string
  requestHash: string
  now: string
  /** the process handling the request (src/owner.ts) */
  owner: string
  /** this request's own claim: only its holder may store the response */
  claim: string
  /** rows created before this are forgotten */
  cutoff: string
  /** an in-progress row created before this was left by a process that died mid-request */
  abandoned: string
}

export interface KeyRow {
  requestHash: string
  status: number
  responseBody: string
  owner: string | null
  claim: string | null
}

export async function purgeIdempotencyKeys(ex: Executor, cutoff: string): Promise<void> {
  await ex.execute({ sql: 'DELETE FROM idempotency_keys WHERE created_at < :cutoff', args: { cutoff } })
}

/**
 * Claims the key for this request; false when it is held (in progress, or answered) within its lifetime. `deadClaim`:
 * the claim of an in-progress row whose process is known to be dead, taken over at once.
 */
export async function claimIdempotencyKey(ex: Executor, c: KeyClaim, deadClaim: string | null = null): Promise<boolean> {
  const rs = await ex.execute({
    sql: `INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at, owner, claim)
          VALUES (:tokenId, :key, :requestHash, ${IN_PROGRESS}, '', :now, :owner, :claim)
          ON CONFLICT (token_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = ${IN_PROGRESS},
            response_body = '', created_at = excluded.created_at, owner = excluded.owner, claim = excluded.claim
          WHERE idempotency_keys.created_at < :cutoff
             OR (idempotency_keys.status = ${IN_PROGRESS} AND idempotency_keys.created_at < :abandoned)
             OR (idempotency_keys.status = ${IN_PROGRESS} AND idempotency_keys.claim = :deadClaim)`,
    args: {
      tokenId: c.tokenId,
      key: c.key,
      requestHash: c.requestHash,
      now: c.now,
      owner: c.owner,
      claim: c.claim,
      cutoff: c.cutoff,
      abandoned: c.abandoned,
      deadClaim,
    },
  })
  return rs.rowsAffected > 0
}

export async function findIdempotencyKey(ex: Executor, tokenId: number, key: string): Promise<KeyRow | null> {
  const rs = await ex.execute({
    sql: `SELECT request_hash, status, response_body, owner, claim FROM idempotency_keys WHERE token_id = :tokenId AND key = :key`,
    args: { tokenId, key },
  })
  const r = rs.rows[0]
  return r
    ? {
        requestHash: String(r.request_hash),
        status: Number(r.status),
        responseBody: String(r.response_body),
        owner: r.owner == null ? null : String(r.owner),
        claim: r.claim == null ? null : String(r.claim),
      }
    : null
}

/** Stores the response while the claim is still this request's; false when a retry took the key over. */
export async function storeIdempotentResponse(
  ex: Executor,
  r: { tokenId: number; key: string; claim: string; status: number; body: string },
): Promise<boolean> {
  const rs = await ex.execute({
    sql: `UPDATE idempotency_keys SET status = :status, response_body = :body
          WHERE token_id = :tokenId AND key = :key AND claim = :claim`,
    args: { status: r.status, body: r.body, tokenId: r.tokenId, key: r.key, claim: r.claim },
  })
  return rs.rowsAffected > 0
}

/** Lets the key go after a request that changed nothing (a 5xx): only while it is still in progress under this claim. */
export async function releaseIdempotencyKey(ex: Executor, tokenId: number, key: string, claim: string): Promise<void> {
  await ex.execute({
    sql: `DELETE FROM idempotency_keys WHERE token_id = :tokenId AND key = :key AND claim = :claim AND status = ${IN_PROGRESS}`,
    args: { tokenId, key, claim },
  })
}
