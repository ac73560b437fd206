import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import { AppError, httpStatusOf, type ErrorCode } from '../../errors.js'
import type { AppEnv } from '../types.js'

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, issues?: unknown[]) {
  return { code, message, requestId: c.get('requestId') ?? '', ...(issues ? { issues } : {}) }
}

export function sendError(c: Context<AppEnv>, code: ErrorCode, message: string, issues?: unknown[], status?: number) {
  return c.json(errorBody(c, code, message, issues), (status ?? httpStatusOf[code]) as 400)
}

/** The one error boundary: known errors keep their code, everything else is a 500 without details. */
export function handleErrors(): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) return sendError(c, err.code, err.message, err.issues, err.status)
    if (err instanceof ZodError) {
      return sendError(c, 'INVALID_INPUT', 'the request is not valid', err.issues.map((i) => ({ path: i.path, message: i.message, code: i.code })))
    }
    if (err instanceof HTTPException) {
      const status = err.status
      const code: ErrorCode =
        status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL'
      return sendError(c, code, err.message || code, undefined, status)
    }
    c.get('logger')?.error({ err, requestId: c.get('requestId') }, 'unhandled error')
    return sendError(c, 'INTERNAL', 'internal error')
  }
}

export function handleNotFound(): NotFoundHandler<AppEnv> {
  return (c) => sendError(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)
}
