import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import type { Clock } from '../../clock.js'
import type { Db } from '../../storage/db.js'
import { findToken, type ApiToken } from '../../access/tokens.repo.js'
import type { UiContext, UiEnv } from './ui-env.js'

export const SESSION_COOKIE = 'xuefa_ui'
export const LOGIN_COOKIE = 'xuefa_ui_login'
export const CSRF_FIELD = '_csrf'
/** a working day; the cookie never outlives the token either */
export const SESSION_SECONDS = 8 * 3600

/** The anti-forgery token of a cookie: bound to that one cookie, so it changes at every log-in. */
export function csrfFor(secret: string, cookieValue: string): string {
  return createHmac('sha256', secret).update(`csrf\n${cookieValue}`).digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function cookieOptions(c: UiContext, maxAge: number): CookieOptions {
  // Secure only over HTTPS: the dashboard is also served on loopback and office LANs over plain HTTP.
  return { path: '/ui', httpOnly: true, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:', maxAge }
}

function isLive(t: ApiToken | null, nowIso: string): t is ApiToken {
  return t !== null && t.revokedAt === null && (t.expiresAt === null || t.expiresAt > nowIso)
}

/** Issues the session cookie: `tokenId.expiresAtSeconds.nonce`, HMAC-signed. */
export async function startUiSession(c: UiContext, secret: string, token: ApiToken, now: Date): Promise<void> {
  const nowS = Math.floor(now.getTime() / 1000)
  const tokenEnd = token.expiresAt ? Math.floor(new Date(token.expiresAt).getTime() / 1000) : Infinity
  const exp = Math.min(nowS + SESSION_SECONDS, tokenEnd)
  const value = `${token.id}.${exp}.${randomBytes(12).toString('base64url')}`
  await setSignedCookie(c, SESSION_COOKIE, value, secret, cookieOptions(c, exp - nowS))
  deleteCookie(c, LOGIN_COOKIE, { path: '/ui' })
}

export function endUiSession(c: UiContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/ui', secure: new URL(c.req.url).protocol === 'https:' })
}

/** The cookie's token, re-checked against the database on every request (a revoked token ends the session). */
export async function readUiSession(
  c: UiContext,
  secret: string,
  db: Db,
  clock: Clock,
): Promise<{ token: ApiToken; value: string } | null> {
  const value = await getSignedCookie(c, secret, SESSION_COOKIE)
  if (!value) return null
  const [id, exp] = value.split('.')
  const now = clock.now()
  if (!id || !exp || !/^\d+$/.test(id) || Number(exp) * 1000 <= now.getTime()) return null
  const token = await findToken(db, Number(id))
  return isLive(token, now.toISOString()) ? { token, value } : null
}

/** The log-in form's anti-forgery token, bound to a signed pre-session cookie (no session exists yet). */
export async function loginCsrf(c: UiContext, secret: string): Promise<string> {
  let nonce = await getSignedCookie(c, secret, LOGIN_COOKIE)
  if (!nonce) {
    nonce = randomBytes(12).toString('base64url')
    await setSignedCookie(c, LOGIN_COOKIE, nonce, secret, cookieOptions(c, 3600))
  }
  return csrfFor(secret, `login\n${nonce}`)
}

export async function isLoginCsrfValid(c: UiContext, secret: string, presented: string): Promise<boolean> {
  const nonce = await getSignedCookie(c, secret, LOGIN_COOKIE)
  return Boolean(nonce) && safeEqual(csrfFor(secret, `login\n${nonce}`), presented)
}

/** Every route after it needs a live session: sets `auth` and `csrf`, else sends the browser to the log-in page. */
export function requireUiSession(deps: { db: Db; clock: Clock; secret: () => Promise<string> }): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    const secret = await deps.secret()
    const session = await readUiSession(c, secret, deps.db, deps.clock)
    if (!session) {
      endUiSession(c)
      return c.redirect('/ui/login', 303)
    }
    const { token } = session
    c.set('auth', { tokenId: token.id, role: token.role, unitCode: token.unitCode })
    c.set('csrf', csrfFor(secret, session.value))
    await next()
  }
}

/** Refuses any POST whose form lacks this session's anti-forgery token. */
export function requireCsrf(reject: (c: UiContext) => Response | Promise<Response>): MiddlewareHandler<UiEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next()
    const body = await c.req.parseBody({ all: true })
    const presented = body[CSRF_FIELD]
    if (typeof presented !== 'string' || !safeEqual(presented, c.get('csrf'))) return reject(c)
    await next()
  }
}
