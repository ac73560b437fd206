/** Outbox rows for one job: a private message to an official, or one message to a group robot. */
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Db } from '../storage/db.js'
import type { OutboundMessage, Recipient } from './channel.js'
import { recipientKey, type NewDelivery } from './deliveries.repo.js'

export interface JobDeps {
  db: Db
  clock: Clock
  tz: string
  logger: Logger
  /** the Wechaty account private messages go out from (default 'default') */
  privateAccount?: string
}

export function privateDelivery(
  deps: JobDeps,
  jobId: number,
  officialId: string,
  message: OutboundMessage,
  notBefore: string,
): NewDelivery {
  const to: Recipient = { kind: 'official', officialId }
  return {
    dedupKey: `${jobId}:${recipientKey(to)}`,
    jobId,
    channel: 'wechaty',
    account: deps.privateAccount ?? 'default',
    to,
    message,
    notBefore,
  }
}

export function robotDelivery(
  jobId: number,
  robot: { id: number; platform: NewDelivery['channel'] },
  message: OutboundMessage,
  notBefore: string,
  mention?: string[],
): NewDelivery {
  const to: Recipient = { kind: 'robot', robotId: robot.id, ...(mention?.length ? { mentionOfficialIds: mention } : {}) }
  return { dedupKey: `${jobId}:${recipientKey(to)}`, jobId, channel: robot.platform, account: String(robot.id), to, message, notBefore }
}
