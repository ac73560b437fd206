import type { Channel, ContactActions, IncomingMessage, Recipient } from '../delivery/channel.js'
import { packMessages } from '../delivery/message-length.js'
import type { Official } from '../roster/officials.repo.js'
import type { SessionWithSettings } from '../sessions/lookup.service.js'
import { normalizeChatText } from './normalize.js'

/** The platform-independent context every chat handler receives. */
export interface ChatContext {
  readonly messageId: string
  readonly channel: string
  /** the bot account the message was written to: replies go out from it, a 绑定 binds to it */
  readonly account: string
  readonly contactId: string
  readonly contactAlias: string | null
  readonly displayName: string
  readonly roomId: string | null
  readonly mentioned: boolean
  readonly fromSelf: boolean
  readonly fromBot: boolean
  /** normalized: half-width, @-mentions stripped, spaces collapsed */
  readonly text: string
  readonly rawText: string
  readonly sentAt: Date
  /** the bound official, once the binding filter has looked it up */
  official: Official | null
  /** the session whose check-in window is open, when the group gate already looked it up for a bare 签到 */
  openCheckin?: SessionWithSettings
  /** the text after the matched trigger (set by the router for commands) */
  args: string
  /** answers in the conversation the message came from, through the account written to (its pacer's interactive lane) */
  reply(text: string): Promise<void>
  rememberContact(aliasKey: string): Promise<void>
}

export function replyRecipient(m: Pick<IncomingMessage, 'roomId' | 'contactId'>, officialId?: string): Recipient {
  if (m.roomId) return { kind: 'room', roomId: m.roomId, mentionOfficialIds: officialId ? [officialId] : [] }
  return { kind: 'contact', contactId: m.contactId }
}

export function createChatContext(m: IncomingMessage, channel: Channel, actions: ContactActions): ChatContext {
  const ctx: ChatContext = {
    messageId: m.id,
    channel: m.channel,
    account: m.account ?? 'default',
    contactId: m.contactId,
    contactAlias: m.contactAlias,
    displayName: m.displayName,
    roomId: m.roomId,
    mentioned: m.mentioned,
    fromSelf: m.fromSelf,
    fromBot: m.fromBot,
    text: normalizeChatText(m.text, m.botNames),
    rawText: m.text,
    sentAt: m.sentAt,
    official: null,
    args: '',
    reply: (text) => channel.send(replyRecipient(m, ctx.official?.id), { text, tag: 'chat.reply' }),
    rememberContact: (key) => actions.rememberContact(key),
  }
  return ctx
}

/**
 * One reply made of several texts (feedback and the next question, the last feedback and the score): sent as one
 * message, or as few as WeChat's text length allows (`packMessages`). Every message costs the account a send.
 */
export async function replyPacked(ctx: Pick<ChatContext, 'reply'>, texts: readonly string[]): Promise<void> {
  for (const text of packMessages(texts)) await ctx.reply(text)
}
