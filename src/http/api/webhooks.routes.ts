/**
 * POST /webhooks/meetings, mounted only when XUEFA_WEBHOOK_SECRET is set: a signed feed of upcoming meetings
 * from an OA system; each meeting gets a 会前学法 session planned (sessions/meetings.service.ts). The
 * signature is checked over the raw bytes before the body is parsed; the event id is recorded in the same
 * write transaction as the sessions it plans, and the answer is sent only after that transaction commits.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../errors.js'
import { parseDateTime } from '../../calendar.js'
import { applyMeetings } from '../../sessions/meetings.service.js'
import type { FailureLimiter } from '../common/rate-limit.js'
import { sendError, zodIssues } from '../common/errors.js'
import type { AppEnv, HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { errorResponses, json, jsonBody, unitCode } from './schemas.js'
import { recordWebhookEvent } from './webhook-events.repo.js'
import { verifyWebhookSignature } from './webhook-signature.js'

const EVENT_ID = /^[\x21-\x7e]{1,200}$/
const FEED_LIMIT_BYTES = 1024 * 1024

const text = (max: number) => z.string().trim().min(1).max(max)

export const MeetingSchema = z
  .object({
    id: text(100).openapi({ example: 'OA-2024-012', description: "the OA system's meeting id" }),
    body: text(100).openapi({ example: '县政府常务会议' }),
    meetingNo: text(50).openapi({ example: '第12次' }),
    startsAt: z.string().max(40).openapi({ example: '2024-03-05T09:00:00+08:00' }),
    unitCode,
    laws: z.array(text(100)).max(20).optional(),
    presenter: text(100).optional(),
    cancelled: z.boolean().optional(),
  })
  .openapi('Meeting')

export const MeetingsFeedSchema = z
  .object({ meetings: z.array(MeetingSchema).max(500) })
  .superRefine((feed, ctx) => {
    const seen = new Set<string>()
    feed.meetings.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['meetings', i, 'id'], message: `meeting ${m.id} appears twice` })
      seen.add(m.id)
      if (!parseDateTime(m.startsAt, 'UTC')) {
        ctx.addIssue({ code: 'custom', path: ['meetings', i, 'startsAt'], message: 'expected ISO 8601 with offset or YYYY-MM-DD HH:mm' })
      }
    })
  })
  .openapi('MeetingsFeed')

export const FeedResultSchema = z
  .object({
    received: z.number().int(),
    created: z.array(z.string()).openapi({ description: 'ids of the sessions planned' }),
    updated: z.array(z.string()),
    cancelled: z.array(z.string()),
    unchanged: z
      .array(z.string())
      .openapi({ description: 'sent again without changes, already held or cancelled, or cancelled before it was planned' }),
    duplicate: z.boolean().optional().openapi({ description: 'true when the event id was seen before: nothing changed' }),
  })
  .openapi('MeetingsFeedResult')

/**
 * Declared for OpenAPI only: the handler is mounted with app.post, not app.openapi, because the feed is parsed
 * from the verified raw bytes whatever its Content-Type (as OA systems have always sent it), not by Hono's JSON
 * validator, which would refuse a body without application/json and let invalid UTF-8 through as U+FFFD.
 */
const feedRoute = createRoute({
  method: 'post',
  path: '/webhooks/meetings',
  tags: ['webhooks'],
  summary: 'Signed feed of upcoming meetings from an OA system; each meeting gets a 会前学法 session planned',
  description:
    'Headers X-Xuefa-Timestamp (unix seconds, within ±300 s), X-Xuefa-Event-Id (a repeated id is answered 200 and changes nothing), X-Xuefa-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. The body is read as UTF-8 JSON whatever the Content-Type. At most 1 MiB. Off (404) unless XUEFA_WEBHOOK_SECRET is set.',
  request: { body: jsonBody(MeetingsFeedSchema) },
  responses: {
    200: json(FeedResultSchema, 'applied (or a repeated event id)'),
    ...errorResponses(400, 401, 413, 429),
  },
})

/** The feed in the verified bytes: strict UTF-8, JSON, then the schema; anything else is a 400 naming what is wrong. */
function parseFeed(raw: Uint8Array) {
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch {
    throw new AppError('INVALID_INPUT', 'the body is not UTF-8 JSON')
  }
  const feed = MeetingsFeedSchema.safeParse(body)
  if (!feed.success) throw new AppError('INVALID_INPUT', 'the feed is not valid', { issues: zodIssues(feed.error.issues) })
  return feed.data
}

export function webhookRoutes(deps: HttpDeps & { secret: string; limiter: FailureLimiter }) {
  const { db, clock, config, secret, limiter } = deps
  const feedLimit = Math.min(FEED_LIMIT_BYTES, config.XUEFA_BODY_LIMIT)
  const app = createRouter()

  /** Addresses that sent too many bad signatures wait; then the signature over the raw bytes, before parsing. */
  const verify: MiddlewareHandler<AppEnv> = async (c, next) => {
    const address = c.get('clientIp') ?? 'unknown'
    const wait = limiter.retryAfter(address)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      return sendError(c, 'RATE_LIMITED', `too many failed signatures; try again in ${wait} s`)
    }
    const raw = new Uint8Array(await c.req.arrayBuffer())
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
    if (!EVENT_ID.test(c.req.header('x-xuefa-event-id') ?? '')) {
      throw new AppError('INVALID_INPUT', 'X-Xuefa-Event-Id must be 1 to 200 visible ASCII characters')
    }
    await next()
  }
  const limit = bodyLimit({
    maxSize: feedLimit,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${feedLimit} bytes`)
    },
  })

  app.openAPIRegistry.registerPath(feedRoute)
  app.post(feedRoute.path, limit, verify, async (c) => {
    // the bytes verify read (Hono keeps them), parsed only once their signature has passed
    const { meetings } = parseFeed(new Uint8Array(await c.req.arrayBuffer()))
    const eventId = c.req.header('x-xuefa-event-id')!
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
