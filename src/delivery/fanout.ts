/** Outbox rows for one job: a private message to an official, or one message to a group robot. */
import type { OutboundMessage, Recipient } from './channel.js'
import { recipientKey, type NewDelivery } from './deliveries.repo.js'

/**
 * A private message to an official. It goes out from the account the official bound on (`chat_bindings.account`,
 * written into the row by insertDeliveries); `fallbackAccount` is used only for an official without a binding.
 */
export function privateDelivery(
  fallbackAccount: string,
  jobId: number,
  officialId: string,
  message: OutboundMessage,
  notBefore: string,
): NewDelivery {
  const to: Recipient = { kind: 'official', officialId }
  return { dedupKey: `${jobId}:${recipientKey(to)}`, jobId, channel: 'wechaty', account: fallbackAccount, to, message, notBefore }
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

/** A private message planned outside a job (an exam's notice, a link sent again): `dedupKey` says what it is, once. */
export function keyedPrivateDelivery(
  account: string,
  dedupKey: string,
  officialId: string,
  message: OutboundMessage,
  notBefore: string,
): NewDelivery {
  return { ...privateDelivery(account, 0, officialId, message, notBefore), dedupKey, jobId: null }
}
