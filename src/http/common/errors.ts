import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ZodError, type core } from 'zod'
import { AppError, httpStatusOf, type ErrorCode } from '../../errors.js'
import type { AppEnv } from './types.js'

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, issues?: unknown[]) {
  return { code, message, requestId: c.get('requestId') ?? '', ...(issues ? { issues } : {}) }
}

export function sendError(c: Context<AppEnv>, code: ErrorCode, message: string, issues?: unknown[], status?: number) {
  return c.json(errorBody(c, code, message, issues), (status ?? httpStatusOf[code]) as 400)
}

/** zod issues as the API shows them: where, what, and zod's code. */
export function zodIssues(issues: readonly core.$ZodIssue[]): { path: PropertyKey[]; message: string; code: string }[] {
  return issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message, code: i.code }))
}

/** The defaultHook of every OpenAPIHono router: a failed zod check becomes the API's 400 body. */
export function validationHook() {
  return (result: { success: boolean; error?: unknown; target?: string }, c: Context<AppEnv>) => {
    if (result.success) return
    const issues = result.error instanceof ZodError ? zodIssues(result.error.issues) : []
    return sendError(c, 'INVALID_INPUT', `the request ${result.target ?? 'input'} is not valid`, issues)
  }
}

const codeOfStatus = (status: number): ErrorCode =>
  status === 401
    ? 'UNAUTHORIZED'
    : status === 403
      ? 'FORBIDDEN'
      : status === 404
        ? 'NOT_FOUND'
        : status === 409
          ? 'CONFLICT'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 429
              ? 'RATE_LIMITED'
              : status < 500
                ? 'INVALID_INPUT'
                : 'INTERNAL'

/** The one error boundary: known errors keep their code, everything else is a 500 without details. */
export function handleErrors(): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) return sendError(c, err.code, err.message, err.issues, err.status)
    if (err instanceof ZodError) return sendError(c, 'INVALID_INPUT', 'the request is not valid', zodIssues(err.issues))
    if (err instanceof HTTPException) {
      const status = err.status >= 400 && err.status < 600 ? err.status : 500
      return sendError(c, codeOfStatus(status), status < 500 ? err.message || codeOfStatus(status) : 'internal error', undefined, status)
    }
    c.get('logger')?.error({ err, requestId: c.get('requestId') }, 'unhandled error')
    return sendError(c, 'INTERNAL', 'internal error')
  }
}

export function handleNotFound(): NotFoundHandler<AppEnv> {
  return (c) => sendError(c, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`)
}
