/**
 * The ports between the domain and the chat platforms: `Channel`, the one way out, which `bots/` implement
 * (Wechaty, group robots) and tests fake; and the shape of a message coming in, which a platform adapter
 * hands to the chat router (the composition root wires one to the other).
 */

export type Recipient =
  /** a bound official, reached in private chat */
  | { kind: 'official'; officialId: string }
  /** a chat contact by the channel's own id (e.g. an unbound person who wrote to the bot) */
  | { kind: 'contact'; contactId: string }
  /** a chat group; `mentionOfficialIds` are @-mentioned where the channel can */
  | { kind: 'room'; roomId: string; mentionOfficialIds?: string[] }
  /** a configured group robot (group_robots.id) */
  | { kind: 'robot'; robotId: number; mentionOfficialIds?: string[] }

export interface OutboundMessage {
  text: string
  /** richer form for channels that render Markdown (group robots); `text` is the fallback */
  markdown?: string
  /** for the record and for logs; never the content */
  tag?: string
}

export interface Channel {
  readonly name: string
  send(to: Recipient, message: OutboundMessage): Promise<void>
  /** false while the channel cannot send at all (e.g. the WeChat account is logged out): the outbox waits */
  isReady?(): boolean
}

/** A channel that records what it is asked to send: for tests and the demo. */
export class RecordingChannel implements Channel {
  readonly name: string
  readonly sent: { to: Recipient; message: OutboundMessage }[] = []
  constructor(name = 'recording') {
    this.name = name
  }
  async send(to: Recipient, message: OutboundMessage): Promise<void> {
    this.sent.push({ to, message })
  }
  textsTo(officialId: string): string[] {
    return this.sent.filter((s) => s.to.kind === 'official' && s.to.officialId === officialId).map((s) => s.message.text)
  }
  clear(): void {
    this.sent.length = 0
  }
}

/** One incoming chat message as any platform adapter describes it. */
export interface IncomingMessage {
  id: string
  channel: string
  /** the bot account the message was written to (XUEFA_BOT_ACCOUNTS; 'default' when not given) */
  account?: string
  contactId: string
  /** the remark the bot account keeps for this contact (where the binding's alias key is written) */
  contactAlias: string | null
  displayName: string
  roomId: string | null
  /** the bot was @-mentioned */
  mentioned: boolean
  text: string
  sentAt: Date
  /** sent by the bot's own account */
  fromSelf: boolean
  /** sent by an official account, a service or another bot rather than a person */
  fromBot: boolean
  /** names by which people @-mention the bot, stripped from the text */
  botNames?: readonly string[]
}

/** What the adapter can do for a conversation besides sending. */
export interface ContactActions {
  /** writes `aliasKey` into the contact's remark so the binding survives a re-login */
  rememberContact(aliasKey: string): Promise<void>
}

/** A platform's callback request as the HTTP adapter hands it over (WeCom / DingTalk applications). */
export interface CallbackRequest {
  method: 'GET' | 'POST'
  query: Readonly<Record<string, string>>
  header(name: string): string | undefined
  /** the raw body, UTF-8 */
  body: string
}

export interface CallbackResponse {
  status: number
  body: string
  contentType?: string
}

/** The applications' callbacks (bots/apps), wired by the composition root to the HTTP routes. */
export interface AppCallbacks {
  handle(platform: 'wecom' | 'dingtalk', account: string, req: CallbackRequest): Promise<CallbackResponse>
}
