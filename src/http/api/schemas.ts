import { z } from '@hono/zod-openapi'
import { ATTENDANCE_STATUSES, SESSION_KINDS, SESSION_STATUSES } from '../../sessions/session.rules.js'

/** CONTRACT §3: the one error body. */
export const ErrorSchema = z
  .object({
    code: z.enum(['INVALID_INPUT', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'INTERNAL']),
    message: z.string(),
    requestId: z.string(),
    issues: z.array(z.unknown()).optional(),
  })
  .openapi('Error')

const ERROR_TEXT: Record<number, string> = {
  400: 'INVALID_INPUT: the request is not valid',
  401: 'UNAUTHORIZED: missing, invalid, revoked or expired token',
  403: 'FORBIDDEN: the role or the unit scope of the token does not allow it',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'INVALID_INPUT: rows of the file are not valid; issues lists them',
  429: 'RATE_LIMITED: too many failed authentications from this address (see Retry-After)',
}

/** The error responses a route can give, for its OpenAPI description. */
export function errorResponses(...statuses: (keyof typeof ERROR_TEXT)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? String(s), content: { 'application/json': { schema: ErrorSchema } } }]),
  )
}

export const AUTH_ERRORS = [401, 403, 413, 429] as const

export const bearerSecurity = [{ bearer: [] as string[] }]

export const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: 'the same key and body within 24 h returns the first response again; another body is a 409' }),
})

export const SessionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SESSION_KINDS),
    title: z.string(),
    startsAt: z.string().openapi({ description: 'ISO 8601 UTC' }),
    unitCode: z.string(),
    body: z.string().nullable(),
    meetingNo: z.string().nullable(),
    hours: z.number().nullable(),
    presenter: z.string().nullable(),
    status: z.enum(SESSION_STATUSES),
    audience: z
      .object({
        unitCodes: z.array(z.string()).optional(),
        officialIds: z.array(z.string()).optional(),
        leadersOnly: z.boolean().optional(),
      })
      .nullable(),
    externalId: z.string().nullable(),
    source: z.string(),
    closedAt: z.string().nullable(),
    laws: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Session')

export const AttendanceCountsSchema = z.object(
  Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof ATTENDANCE_STATUSES)[number], z.ZodNumber>,
)

export const unitCode = z.string().trim().min(1).max(64)

/** A session's planned timeline: what goes out and when, and whether it has (CONTRACT §3). */
export const TimelineSchema = z
  .array(
    z.object({
      step: z.enum(['materials', 'reminder', 'checkin_opens', 'checkin_closes', 'close', 'notice', 'makeup']).openapi({
        description:
          'materials: the study material and quiz notice; reminder: to those not finished; checkin_opens/checkin_closes: the 签到 window; close: the unmarked become absent, the session is held; notice: a move or cancellation told; makeup: one excused person’s make-up material',
      }),
      at: z.string().openapi({ description: 'ISO 8601 UTC' }),
      state: z.enum(['planned', 'running', 'done', 'failed', 'cancelled']),
    }),
  )
  .openapi('SessionTimeline')
