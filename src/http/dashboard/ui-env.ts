import type { Context } from 'hono'
import type { AppEnv, HttpDeps } from '../types.js'
import type { Actor } from '../../storage/audit.js'
import type { FailureLimiter } from '../middleware/rate-limit.js'

/** What the chat adapter reports about its WeChat login (bots/wechaty). */
export interface BotStatus {
  state: string
  /** the text to encode as the login QR code, while waiting for a scan */
  qr?: string | null
  user?: string | null
}

export interface UiDeps extends HttpDeps {
  botStatus?: () => BotStatus
  /** cookie signing key; when absent one is generated once and kept in `settings` (key ui.cookie_secret) */
  uiSecret?: string
  /** counts failed log-ins per client address, like the API's bearer check */
  limiter?: FailureLimiter
}

export type UiEnv = {
  Bindings: AppEnv['Bindings']
  Variables: AppEnv['Variables'] & {
    /** the per-session anti-forgery token every form carries */
    csrf: string
  }
}

export type UiContext = Context<UiEnv>

/** The audit actor of a dashboard request: the token behind the cookie. */
export function uiActor(c: UiContext): Actor {
  return { actor: `token:${c.get('auth').tokenId}`, ip: c.get('clientIp') ?? null, requestId: c.get('requestId') ?? null }
}
