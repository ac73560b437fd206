import type { Db } from '../storage/db.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Channel } from '../delivery/channel.js'

/** What every chat feature gets. */
export interface ChatDeps {
  db: Db
  clock: Clock
  /** XUEFA_TZ */
  tz: string
  logger: Logger
  /** the paced outbound side (nudges to other people go through it too) */
  channel: Channel
  /** messages older than this when they arrive (replays after a reconnect) are not acted upon */
  maxMessageAgeMs: number
  /** the deployment's bot accounts (XUEFA_BOT_ACCOUNTS): 安排学法 says when the notices cannot go out in time */
  botAccounts?: readonly string[]
  /** how many messages of one person are acted upon (default DEFAULT_CONTACT_LIMITS) */
  contactLimits?: ContactLimits
}

export interface ContactLimits {
  /** messages acted upon per person in any 10 minutes */
  perTenMinutes: number
  /** and in any 24 hours */
  perDay: number
}

/** Generous for a person (a 40-question exam one question at a time is 41), tight for a script. */
export const DEFAULT_CONTACT_LIMITS: ContactLimits = { perTenMinutes: 60, perDay: 300 }

export type ChatDepsInput = Omit<ChatDeps, 'maxMessageAgeMs'> & Partial<Pick<ChatDeps, 'maxMessageAgeMs'>>

export const DEFAULT_MAX_MESSAGE_AGE_MS = 5 * 60_000

export function withChatDefaults(d: ChatDepsInput): ChatDeps {
  return {
    ...d,
    maxMessageAgeMs: d.maxMessageAgeMs ?? DEFAULT_MAX_MESSAGE_AGE_MS,
  }
}
