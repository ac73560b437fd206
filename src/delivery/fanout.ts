/** Outbox rows for one job: a private message to an official, or one message to a group robot. */
import type { OutboundMessage, Recipient } from './channel.js'
import { recipientKey, type NewDelivery } from './deliveries.repo.js'

/**
 * The account written on a private row before insertDeliveries puts the official's own (`chat_bindings.account`);
 * it stays only for someone never bound, and the sender sends such rows through the first configured account.
 */
export const UNBOUND_ACCOUNT = 'default'

/** A private message to an official; which account it goes out from is decided in insertDeliveries, not here. */
export function privateDelivery(jobId: number, officialId: string, message: OutboundMessage, notBefore: string): NewDelivery {
  const to: Recipient = { kind: 'official', officialId }
  return { dedupKey: `${jobId}:${recipientKey(to)}`, jobId, channel: 'wechaty', account: UNBOUND_ACCOUNT, to, message, notBefore }
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
export function keyedPrivateDelivery(dedupKey: string, officialId: string, message: OutboundMessage, notBefore: string): NewDelivery {
  return { ...privateDelivery(0, officialId, message, notBefore), dedupKey, jobId: null }
}
