/**
 * The login states the WeChat bot (bots/wechaty) reports, declared once so the API's description and the
 * dashboard's words for them are typed from the same list and cannot miss one.
 */
export const BOT_STATES = ['stopped', 'starting', 'waiting_scan', 'logged_in', 'logged_out', 'error'] as const

export type BotState = (typeof BOT_STATES)[number]

/** What the chat bot reports about itself: bots/wechaty's status(), shown by the API and the dashboard. */
export interface BotStatus {
  name: string
  /** the bot account (XUEFA_BOT_ACCOUNTS) this bot logs in as */
  account?: string
  state: BotState
  /** the login QR's content while waiting for a scan, else null */
  qr: string | null
  qrSvg: string | null
  since: string
  lastEventAt: string | null
  reconnectAttempts: number
}
