/**
 * The login states the WeChat bot (bots/wechaty) reports, declared once so the API's description and the
 * dashboard's words for them are typed from the same list and cannot miss one.
 */
export const BOT_STATES = ['stopped', 'starting', 'waiting_scan', 'logged_in', 'logged_out', 'error'] as const

export type BotState = (typeof BOT_STATES)[number]
