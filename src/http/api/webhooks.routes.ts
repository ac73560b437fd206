import { AppError } from '../../errors.js'
import { applyMeetings } from '../../sessions/meetings.service.js'
import { FeedResultSchema, MeetingsFeedSchema } from './meetings-feed.js'
import { verifyWebhookSignature } from './webhook-signature.js'
import { readBody } from '../raw-body.js'
import { recordWebhookEvent } from './webhook-events.repo.js'
import type { FailureLimiter } from '../middleware/rate-limit.js'
import { errorResponses } from './schemas.js'
import { sendError, zodIssues } from '../middleware/errors.js'
import { createRouter } from './router.js'
import type { HttpDeps } from '../types.js'

const EVENT_ID = /^[\x21-\x7e]{1,200}$/
const FEED_LIMIT_BYTES = 1024 * 1024

/**
 * POST /webhooks/meetings (CONTRACT §3), mounted only when XUEFA_WEBHOOK_SECRET is set. The signature is
 * checked over the raw bytes before anything else is read; the event id is recorded in the same write
 * transaction as the sessions it plans, and the answer is sent only after that transaction has committed.
 */
export function webhookRoutes(deps: HttpDeps & { secret: string; limiter: FailureLimiter }) {
  const { db, clock, config, secret, limiter } = deps
  const feedLimit = Math.min(FEED_LIMIT_BYTES, config.XUEFA_BODY_LIMIT)
  const app = createRouter()

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/webhooks/meetings',
    tags: ['webhooks'],
    summary: 'Signed feed of upcoming meetings from an OA system; each meeting gets a 会前学法 session planned',
    description:
      'Headers X-Xuefa-Timestamp (unix seconds, within ±300 s), X-Xuefa-Event-Id (a repeated id is answered 200 and changes nothing), X-Xuefa-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. Off (404) unless XUEFA_WEBHOOK_SECRET is set.',
    request: { body: { required: true, content: { 'application/json': { schema: MeetingsFeedSchema } } } },
    responses: {
      200: { description: 'applied (or a repeated event id)', content: { 'application/json': { schema: FeedResultSchema } } },
      ...errorResponses(400, 401, 413, 429),
    },
  })

  app.post('/webhooks/meetings', async (c) => {
    const address = c.get('clientIp') ?? 'unknown'
    const wait = limiter.retryAfter(address)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return sendError(c, 'RATE_LIMITED', `too many failed signatures; try again in ${wait} s`)
    }
    const raw = await readBody(c, feedLimit)
    const check = verifyWebhookSignature(
      secret,
      { timestamp: c.req.header('x-xuefa-timestamp'), signature: c.req.header('x-xuefa-signature') },
      raw,
      clock.now(),
    )
    if (!check.ok) {
      limiter.recordFailure(address)
      c.get('logger').warn({ ip: address, reason: check.reason }, 'webhook refused')
      return sendError(c, 'UNAUTHORIZED', check.reason)
    }
    const eventId = c.req.header('x-xuefa-event-id') ?? ''
    if (!EVENT_ID.test(eventId)) throw new AppError('INVALID_INPUT', 'X-Xuefa-Event-Id must be 1 to 200 visible ASCII characters')
    let body: unknown
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
    } catch {
      throw new AppError('INVALID_INPUT', 'the body is not UTF-8 JSON')
    }
    const feed = MeetingsFeedSchema.safeParse(body)
    if (!feed.success) throw new AppError('INVALID_INPUT', 'the feed is not valid', { issues: zodIssues(feed.error.issues) })

    const meetings = feed.data.meetings
    const now = clock.now().toISOString()
    const by = { actor: 'webhook:meetings', ip: c.get('clientIp'), requestId: c.get('requestId') }
    // under load many feeds share one commit (db.write groups them); each is answered after its own is durable
    const result = await db.write(async (tx) => {
      if (!(await recordWebhookEvent(tx, eventId, 'meetings', now))) return null
      return applyMeetings(tx, meetings, { clock, tz: config.XUEFA_TZ, by })
    })
    if (!result) return c.json({ received: meetings.length, created: [], updated: [], cancelled: [], unchanged: [], duplicate: true }, 200)
    c.get('logger').info(
      {
        eventId,
        received: meetings.length,
        created: result.created.length,
        updated: result.updated.length,
        cancelled: result.cancelled.length,
      },
      'meetings feed applied',
    )
    return c.json({ received: meetings.length, ...result }, 200)
  })

  return app
}
