import type { Executor } from '../../storage/db.js'

/** Records a webhook's event id; false when it was seen before (the sender retried). */
export async function recordWebhookEvent(ex: Executor, eventId: string, source: string, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: 'INSERT INTO webhook_events (event_id, source, received_at) VALUES (:eventId, :source, :now) ON CONFLICT (event_id) DO NOTHING',
    args: { eventId, source, now },
  })
  return rs.rowsAffected > 0
}

/**
 * Records the signature of a delivery with the earlier headers (which do not sign the event id); false when it was
 * seen since `forgetBefore`, i.e. a replay. Signatures received before `forgetBefore` can no longer verify and go.
 */
export async function recordWebhookSignature(ex: Executor, signature: string, now: string, forgetBefore: string): Promise<boolean> {
  await ex.execute({ sql: 'DELETE FROM webhook_signatures WHERE received_at < :forgetBefore', args: { forgetBefore } })
  const rs = await ex.execute({
    sql: 'INSERT INTO webhook_signatures (signature, received_at) VALUES (:signature, :now) ON CONFLICT (signature) DO NOTHING',
    args: { signature, now },
  })
  return rs.rowsAffected > 0
}
