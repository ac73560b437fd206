import type { Contact as ContactInterface, Message as MessageInterface, Wechaty as WechatyInterface } from 'wechaty'
import { types } from 'wechaty'
import type { ContactActions, IncomingMessage } from '../../src/delivery/channel.js'

/** Wechaty message → the platform-independent IncomingMessage; null for what the bot does not read (images, cards…). */
export async function toIncomingMessage(bot: WechatyInterface, m: MessageInterface, channel: string): Promise<IncomingMessage | null> {
  if (m.type() !== types.Message.Text) return null
  const talker = m.talker()
  const room = m.room() ?? null
  const botNames = botNamesOf(bot)
  const text = m.text()
  const mentioned = room !== null && ((await m.mentionSelf()) || botNames.some((n) => text.includes(`@${n}`)))
  return {
    id: m.id,
    channel,
    contactId: talker.id,
    contactAlias: (await talker.alias()) ?? null,
    displayName: talker.name(),
    roomId: room?.id ?? null,
    mentioned,
    text,
    sentAt: m.date(),
    fromSelf: m.self(),
    fromBot: talker.type() === types.Contact.Official || talker.type() === types.Contact.Corporation,
    botNames,
  }
}

function botNamesOf(bot: WechatyInterface): string[] {
  try {
    return bot.isLoggedIn ? [bot.currentUser.name()] : []
  } catch {
    return []
  }
}

export function contactActions(talker: ContactInterface): ContactActions {
  return { rememberContact: (aliasKey) => talker.alias(aliasKey) }
}
