import type { Context } from 'hono'
import type { BotStatus } from '../../delivery/bot-state.js'
import type { AppEnv, HttpDeps } from '../common/types.js'
import type { FailureLimiter } from '../common/rate-limit.js'

export interface UiDeps extends HttpDeps {
  /**
   * each bot account's state (the text of the login QR while it waits for a scan), one block per account on the page;
   * absent or empty without a bot (createHttpApp folds its one-account `botStatus` into this)
   */
  botStatuses?: () => Pick<BotStatus, 'state' | 'qr' | 'account'>[]
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
