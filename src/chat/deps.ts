import type { Db } from '../storage/db.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Channel } from '../delivery/channel.js'
import { DEFAULT_CHECKIN_WINDOW, type CheckinWindow } from '../sessions/checkin.rules.js'

/** What every chat feature gets. */
export interface ChatDeps {
  db: Db
  clock: Clock
  /** XUEFA_TZ */
  tz: string
  logger: Logger
  /** the paced outbound side (nudges to other people go through it too) */
  channel: Channel
  checkinWindow: CheckinWindow
  /** messages older than this when they arrive (replays after a reconnect) are not acted upon */
  maxMessageAgeMs: number
}

export type ChatDepsInput = Omit<ChatDeps, 'checkinWindow' | 'maxMessageAgeMs'> &
  Partial<Pick<ChatDeps, 'checkinWindow' | 'maxMessageAgeMs'>>

export const DEFAULT_MAX_MESSAGE_AGE_MS = 5 * 60_000

export function withChatDefaults(d: ChatDepsInput): ChatDeps {
  return {
    ...d,
    checkinWindow: d.checkinWindow ?? DEFAULT_CHECKIN_WINDOW,
    maxMessageAgeMs: d.maxMessageAgeMs ?? DEFAULT_MAX_MESSAGE_AGE_MS,
  }
}
