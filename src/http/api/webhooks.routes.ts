/**
 * POST /webhooks/meetings, mounted only when XUEFA_WEBHOOK_SECRET is set: a signed feed of upcoming meetings
 * from an OA system; each meeting gets a 会前学法 session planned (sessions/meetings.service.ts). The
 * signature (Standard Webhooks, or the earlier headers: webhook-signature.ts) is checked over the raw bytes before
 * the body is parsed; the event id — and for the earlier headers, which do not sign it, the signature — is recorded
 * in the same write transaction as the sessions it plans, and the answer is sent only after that transaction commits.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '../../errors.js'
import { parseDateTime } from '../../calendar.js'
import { applyMeetings } from '../../sessions/meetings.service.js'
import type { FailureLimiter } from '../common/rate-limit.js'
import { sendError, zodIssues } from '../common/errors.js'
import type { AppEnv, HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { errorResponses, json, jsonBody, plainText, unitCode } from './schemas.js'
import { recordWebhookEvent, recordWebhookSignature } from './webhook-events.repo.js'
import { verifyStandardWebhook, verifyWebhookSignature, WEBHOOK_TOLERANCE_SECONDS } from './webhook-signature.js'

const EVENT_ID = /^[\x21-\x7e]{1,200}$/
const FEED_LIMIT_BYTES = 1024 * 1024

/** an id, a name or a title: the one rule of src/text.ts (a NUL or a zero-width character refused, NFC, spaces) */
const text = (max: number) => plainText(1, max)

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
 * Declared for OpenAPI only: the handler is mounted with app.post, not app.openapi, because the feed is parsed from
 * the verified raw bytes, not by Hono's JSON validator, which would let invalid UTF-8 through as U+FFFD.
 */
const feedRoute = createRoute({
  method: 'post',
  path: '/webhooks/meetings',
  tags: ['webhooks'],
  summary: 'Signed feed of upcoming meetings from an OA system; each meeting gets a 会前学法 session planned',
  description:
    'Standard Webhooks: headers webhook-id (a repeated id is answered 200 and changes nothing), webhook-timestamp (unix seconds, within ±300 s), webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + raw body)> (several space-separated while a key rotates; a whsec_ secret is the base64 of the key). The earlier headers X-Xuefa-Timestamp, X-Xuefa-Event-Id, X-Xuefa-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)> stay accepted; a signature of theirs seen before within the window is a replay (200, nothing changes) whatever its event id. Content-Type application/json only (415 otherwise), UTF-8. At most 1 MiB. Off (404) unless XUEFA_WEBHOOK_SECRET is set.',
  request: { body: jsonBody(MeetingsFeedSchema) },
  responses: {
    200: json(FeedResultSchema, 'applied (or a repeated event id, or a replayed signature)'),
    ...errorResponses(400, 401, 413, 415, 429),
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

/** The delivery's scheme and its headers: Standard Webhooks when it sends any of its headers, else the earlier ones. */
function delivery(c: Context<AppEnv>) {
  const standard = c.req.header('webhook-signature') !== undefined || c.req.header('webhook-id') !== undefined
  return standard
    ? {
        standard,
        eventId: c.req.header('webhook-id'),
        eventIdHeader: 'webhook-id',
        signature: c.req.header('webhook-signature'),
        timestamp: c.req.header('webhook-timestamp'),
      }
    : {
        standard,
        eventId: c.req.header('x-xuefa-event-id'),
        eventIdHeader: 'X-Xuefa-Event-Id',
        signature: c.req.header('x-xuefa-signature'),
        timestamp: c.req.header('x-xuefa-timestamp'),
      }
}

const isJson = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json'

export function webhookRoutes(deps: HttpDeps & { secret: string; limiter: FailureLimiter }) {
  const { db, clock, config, secret, limiter } = deps
  const feedLimit = Math.min(FEED_LIMIT_BYTES, config.XUEFA_JSON_BODY_LIMIT)
  const app = createRouter()

  const limit = bodyLimit({
    maxSize: feedLimit,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${feedLimit} bytes, the limit of the meetings feed`)
    },
  })

  app.openAPIRegistry.registerPath(feedRoute)
  app.post(feedRoute.path, limit, async (c) => {
    if (!isJson(c.req.header('content-type'))) {
      throw new AppError('INVALID_INPUT', 'send the feed as application/json', { status: 415 })
    }
    const address = c.get('clientIp') ?? 'unknown'
    const d = delivery(c)
    const refuse = (wait: number, reason: string) => {
      c.get('logger').warn({ ip: address, reason, wait }, 'webhook refused')
      if (wait === 0) return sendError(c, 'UNAUTHORIZED', reason)
      c.header('Retry-After', String(wait))
      return sendError(c, 'RATE_LIMITED', `too many failed signatures; try again in ${wait} s`)
    }
    // a signature that keeps failing waits; a valid one always passes, whoever failed before it from this address
    const held = d.signature ? limiter.credentialWait(d.signature) : 0
    if (held > 0) return refuse(held, 'a signature that failed before')
    // the signature over the raw bytes, before they are parsed
    const raw = new Uint8Array(await c.req.arrayBuffer())
    const now = clock.now()
    const check = d.standard
      ? verifyStandardWebhook(secret, { id: d.eventId, timestamp: d.timestamp, signature: d.signature }, raw, now)
      : verifyWebhookSignature(secret, { timestamp: d.timestamp, signature: d.signature }, raw, now)
    if (!check.ok) return refuse(limiter.recordFailure(address, d.signature), check.reason)
    if (!EVENT_ID.test(d.eventId ?? '')) {
      throw new AppError('INVALID_INPUT', `${d.eventIdHeader} must be 1 to 200 visible ASCII characters`)
    }
    const eventId = d.eventId!
    const { meetings } = parseFeed(raw)
    const at = now.toISOString()
    const forgetBefore = new Date(now.getTime() - 2 * WEBHOOK_TOLERANCE_SECONDS * 1000).toISOString()
    const by = { actor: 'webhook:meetings', ip: c.get('clientIp'), requestId: c.get('requestId') }
    // under load many feeds share one commit (db.write groups them); each is answered after its own is durable.
    // The event id (and an earlier-header signature) is recorded with the sessions it plans, or not at all.
    const result = await db.write(async (tx) => {
      if (!(await recordWebhookEvent(tx, eventId, 'meetings', at))) return null
      if (check.replayKey && !(await recordWebhookSignature(tx, check.replayKey, at, forgetBefore))) return 'replay' as const
      return applyMeetings(tx, meetings, { clock, tz: config.XUEFA_TZ, by })
    })
    if (result === null || result === 'replay') {
      if (result === 'replay') c.get('logger').warn({ ip: address, eventId }, 'webhook signature replayed under a new event id')
      return c.json({ received: meetings.length, created: [], updated: [], cancelled: [], unchanged: [], duplicate: true }, 200)
    }
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
