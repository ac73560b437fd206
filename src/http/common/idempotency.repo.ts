import type { Executor } from '../../storage/db.js'

/** A key whose request is being handled (no response stored yet). */
export const IN_PROGRESS = 0

export interface KeyClaim {
  tokenId: number
  key: string
  requestHash: string
  now: string
  /** rows created before this are forgotten */
  cutoff: string
  /** an in-progress row created before this was left by a process that died mid-request */
  abandoned: string
}

export async function purgeIdempotencyKeys(ex: Executor, cutoff: string): Promise<void> {
  await ex.execute({ sql: 'DELETE FROM idempotency_keys WHERE created_at < :cutoff', args: { cutoff } })
}

/** Claims the key for this request; false when it is held (in progress, or answered) within its lifetime. */
export async function claimIdempotencyKey(ex: Executor, c: KeyClaim): Promise<boolean> {
  const rs = await ex.execute({
    sql: `INSERT INTO idempotency_keys (token_id, key, request_hash, status, response_body, created_at)
          VALUES (:tokenId, :key, :requestHash, ${IN_PROGRESS}, '', :now)
          ON CONFLICT (token_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = ${IN_PROGRESS},
            response_body = '', created_at = excluded.created_at
          WHERE idempotency_keys.created_at < :cutoff
             OR (idempotency_keys.status = ${IN_PROGRESS} AND idempotency_keys.created_at < :abandoned)`,
    args: { ...c },
  })
  return rs.rowsAffected > 0
}

export async function findIdempotencyKey(
  ex: Executor,
  tokenId: number,
  key: string,
): Promise<{ requestHash: string; status: number; responseBody: string } | null> {
  const rs = await ex.execute({
    sql: 'SELECT request_hash, status, response_body FROM idempotency_keys WHERE token_id = :tokenId AND key = :key',
    args: { tokenId, key },
  })
  const r = rs.rows[0]
  return r ? { requestHash: String(r.request_hash), status: Number(r.status), responseBody: String(r.response_body) } : null
}

export async function storeIdempotentResponse(ex: Executor, tokenId: number, key: string, status: number, body: string): Promise<void> {
  await ex.execute({
    sql: 'UPDATE idempotency_keys SET status = :status, response_body = :body WHERE token_id = :tokenId AND key = :key',
    args: { tokenId, key, status, body },
  })
}

export async function releaseIdempotencyKey(ex: Executor, tokenId: number, key: string): Promise<void> {
  await ex.execute({ sql: 'DELETE FROM idempotency_keys WHERE token_id = :tokenId AND key = :key', args: { tokenId, key } })
}
