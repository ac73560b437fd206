import type { AppError } from '../../errors.js'
import { ERRORS } from './views/copy.zh.js'
import { ErrorPage } from './views/layout.js'
import { render } from './ui-context.js'
import type { UiContext } from './ui-env.js'

export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 500

export function errorPage(c: UiContext, status: ErrorStatus, message: string): Response | Promise<Response> {
  const auth = c.get('auth')
  const csrf = c.get('csrf')
  const user = auth && csrf ? { role: auth.role, unitCode: auth.unitCode, unitName: null, csrf } : undefined
  return render(c, <ErrorPage status={status} message={message} user={user} />, status)
}

/**
 * What a refused request says to the organizer, in Chinese: the refusals a dashboard form can meet in normal use
 * have their own sentence (two people working on one session), anything else a generic one; the English detail
 * is logged, never put after a Chinese prefix.
 */
export function refusalMessage(err: AppError): string {
  if (err.code === 'FORBIDDEN') return ERRORS.forbidden
  if (err.code === 'NOT_FOUND') return ERRORS.notFound
  if (err.code === 'CONFLICT') {
    if (/^session \S+ is cancelled$/.test(err.message)) return ERRORS.sessionCancelled
    if (/^session \S+ has not started/.test(err.message)) return ERRORS.sessionNotStarted
    return ERRORS.conflict
  }
  return ERRORS.invalid
}

export const csrfRejected = (c: UiContext) => errorPage(c, 403, ERRORS.csrf)
export const notFoundPage = (c: UiContext) => errorPage(c, 404, ERRORS.notFound)
