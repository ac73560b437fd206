import { z } from '@hono/zod-openapi'
import { parseDateTime } from '../../calendar.js'
import { AppError } from '../../errors.js'
import { findInvisible, invisibleMessage, normalizeText } from '../../text.js'

/** The one error body of the API. */
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
  413: 'PAYLOAD_TOO_LARGE: the body is larger than the limit of the route (the message names it)',
  415: 'INVALID_INPUT: the body is not of a media type the route takes',
  422: 'INVALID_INPUT: rows of the file are not valid; issues lists them',
  429: 'RATE_LIMITED: too many failed authentications from this address or with this credential (see Retry-After)',
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

/**
 * An id, a name or a title as it enters, by the one rule of src/text.ts: a control or invisible character (NUL, a
 * zero-width space, a bidi control) refused with its position, then NFC and spaces normalised, then the length checked.
 */
export const plainText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((v) => findInvisible(v) === null, { error: (issue) => invisibleMessage(findInvisible(String(issue.input))!) })
    .overwrite((v) => normalizeText(v))
    .min(min)
    .max(max)

export const unitCode = plainText(1, 64)

/** A JSON response of `schema`. */
export const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

/** A JSON request body of `schema`. */
export const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } })

/** A file answered as a download. */
export const binary = (type: string) => ({ [type]: { schema: z.string().openapi({ format: 'binary' }) } })

export const year = z.coerce.number().int().min(2000).max(2100).openapi({ example: 2023 })

/** `?unit=`: a scoped token gets its own unit when it is omitted, and 403 outside it. */
export const unitQuery = unitCode
  .optional()
  .openapi({ description: 'the unit and the units below it; a scoped token gets its own unit when omitted, and 403 outside it' })

/** A positive integer id in the path. */
export const intIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 53 - 1)
    .openapi({ param: { name: 'id', in: 'path' } }),
})

/** A request's local times (`YYYY-MM-DD HH:mm` in `tz`, or ISO 8601 with an offset) as Dates; INVALID_INPUT names each that is not one. */
export function requestTimes<K extends string>(fields: Record<K, string>, tz: string): Record<K, Date> {
  const out = {} as Record<K, Date>
  const bad: K[] = []
  for (const k of Object.keys(fields) as K[]) {
    const d = parseDateTime(fields[k], tz)
    if (d) out[k] = d
    else bad.push(k)
  }
  if (bad.length > 0) {
    throw new AppError('INVALID_INPUT', `${bad.join(' and ')} ${bad.length > 1 ? 'are' : 'is'} not a time`, {
      issues: bad.map((f) => ({ path: [f], message: 'expected YYYY-MM-DD HH:mm or ISO 8601 with offset' })),
    })
  }
  return out
}
