import type { Executor } from '../../storage/db.js'

/** Records a webhook's event id; false when it was seen before (the sender retried). */
export async function recordWebhookEvent(ex: Executor, eventId: string, source: string, now: string): Promise<boolean> {
  const rs = await ex.execute({
    sql: 'INSERT INTO webhook_events (event_id, source, received_at) VALUES (:eventId, :source, :now) ON CONFLICT (event_id) DO NOTHING',
    args: { eventId, source, now },
  })
  return rs.rowsAffected > 0
}
