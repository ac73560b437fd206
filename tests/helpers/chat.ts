import { ManualClock } from '../../src/clock.js'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { silentLogger } from '../../src/log.js'
import { parseDateTime } from '../../src/calendar.js'
import type { ContactLimits } from '../../src/chat/deps.js'
import { createChat, type Chat } from '../../src/chat/create-chat.js'
import type { IncomingMessage } from '../../src/delivery/channel.js'
import type { Db } from '../../src/storage/db.js'
import { hashBindCode } from '../../src/roster/binding.service.js'
import { createTestDb, type TestDb } from './db.js'

export const TZ = 'Asia/Shanghai'
const CREATED = '2020-01-01T00:00:00.000Z'

/** '2024-03-05 09:00' in Asia/Shanghai → Date. */
export function local(text: string): Date {
  const d = parseDateTime(text, TZ)
  if (!d) throw new Error(`bad local time ${text}`)
  return d
}

/** Units PL > SFJ, PL > JYJ; officials A001 张三 and A002 李四 (SFJ), B001 王五 (JYJ), O001 赵组织 (PL, organizer). */
export async function seedRoster(db: Db): Promise<void> {
  const unit = (code: string, name: string, parent: string | null, path: string) => ({
    sql: 'INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES (:code, :name, :parent, :path, :c, :c)',
    args: { code, name, parent, path, c: CREATED },
  })
  const official = (id: string, name: string, unitCode: string, organizer = 0) => ({
    sql: `INSERT INTO officials (id, name, unit_code, is_organizer, created_at, updated_at) VALUES (:id, :name, :unit, :org, :c, :c)`,
    args: { id, name, unit: unitCode, org: organizer, c: CREATED },
  })
  await db.batch([
    unit('PL', '平罗县人民政府', null, '/PL/'),
    unit('SFJ', '平罗县司法局', 'PL', '/PL/SFJ/'),
    unit('JYJ', '平罗县教育局', 'PL', '/PL/JYJ/'),
    official('A001', '张三', 'SFJ'),
    official('A002', '李四', 'SFJ'),
    official('B001', '王五', 'JYJ'),
    official('O001', '赵组织', 'PL', 1),
  ])
}

export async function addSession(
  db: Db,
  s: { id: string; startsAt: string; unit?: string; title?: string; status?: string; hours?: number; audienceJson?: string },
): Promise<void> {
  await db.execute({
    sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, hours, status, audience_json, created_at, updated_at)
          VALUES (:id, 'pre_meeting', :title, :starts, :unit, :hours, :status, :aud, :c, :c)`,
    args: {
      id: s.id,
      title: s.title ?? `学法${s.id}`,
      starts: local(s.startsAt).toISOString(),
      unit: s.unit ?? 'SFJ',
      hours: s.hours ?? null,
      status: s.status ?? 'planned',
      aud: s.audienceJson ?? null,
      c: CREATED,
    },
  })
}

export async function addBindCode(
  db: Db,
  officialId: string,
  code: string,
  expiresAt: string,
  usedAt: string | null = null,
): Promise<void> {
  await db.execute({
    sql: 'INSERT INTO bind_codes (code_hash, official_id, expires_at, used_at, created_at) VALUES (:h, :o, :e, :u, :c)',
    args: { h: hashBindCode(code), o: officialId, e: expiresAt, u: usedAt, c: CREATED },
  })
}

export async function bindDirectly(db: Db, officialId: string, contactId: string, aliasKey = `key-${officialId}`): Promise<void> {
  await db.execute({
    sql: "INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES (:o, 'wechaty', :c, :k, :at)",
    args: { o: officialId, c: contactId, k: aliasKey, at: CREATED },
  })
}

export async function rows<T = Record<string, unknown>>(db: Db, sql: string, args: Record<string, string | number> = {}): Promise<T[]> {
  return (await db.execute({ sql, args })).rows as unknown as T[]
}

export interface ChatHarness {
  t: TestDb
  db: Db
  clock: ManualClock
  channel: RecordingChannel
  chat: Chat
  /** aliases the bot was asked to write, by contact */
  aliases: Map<string, string>
  /** delivers one message and returns the texts sent while handling it */
  send(text: string, m?: Partial<IncomingMessage>): Promise<string[]>
  cleanup(): void
}

let counter = 0

/**
 * One chat message as the Wechaty adapter hands it to the chat: by default a person's private message from
 * wx-a001 (张三 once bound); `m` sets any other field, and when it was sent.
 */
export function incomingMessage(text: string, m: Partial<IncomingMessage> & Pick<IncomingMessage, 'sentAt'>): IncomingMessage {
  return {
    id: m.id ?? `msg-${++counter}`,
    channel: m.channel ?? 'wechaty',
    contactId: m.contactId ?? 'wx-a001',
    contactAlias: m.contactAlias ?? null,
    displayName: m.displayName ?? '某人',
    roomId: m.roomId ?? null,
    mentioned: m.mentioned ?? false,
    text,
    sentAt: m.sentAt,
    fromSelf: m.fromSelf ?? false,
    fromBot: m.fromBot ?? false,
    botNames: m.botNames ?? ['学法助手'],
  }
}

export async function createChatHarness(
  start = '2024-03-05T00:00:00.000Z',
  o: { botAccounts?: readonly string[]; contactLimits?: ContactLimits } = {},
): Promise<ChatHarness> {
  const clock = new ManualClock(start)
  const t = await createTestDb(clock)
  await seedRoster(t.db)
  const channel = new RecordingChannel('wechaty')
  const chat = createChat({
    db: t.db,
    clock,
    tz: TZ,
    logger: silentLogger,
    channel,
    botAccounts: o.botAccounts,
    contactLimits: o.contactLimits,
  })
  const aliases = new Map<string, string>()
  return {
    t,
    db: t.db,
    clock,
    channel,
    chat,
    aliases,
    async send(text, m = {}) {
      const before = channel.sent.length
      const contactId = m.contactId ?? 'wx-a001'
      await chat.handleIncoming(incomingMessage(text, { ...m, contactId, sentAt: m.sentAt ?? clock.now() }), {
        rememberContact: async (key) => void aliases.set(contactId, key),
      })
      return channel.sent.slice(before).map((s) => s.message.text)
    },
    cleanup: () => t.cleanup(),
  }
}
