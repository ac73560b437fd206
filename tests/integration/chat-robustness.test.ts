import { afterEach, describe, expect, it } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { addSession, bindDirectly, createChatHarness, local, rows, type ChatHarness } from '../helpers/chat.js'

let h: ChatHarness
afterEach(() => h?.cleanup())

async function setup(): Promise<ChatHarness> {
  h = await createChatHarness()
  await addSession(h.db, { id: 'S1', startsAt: '2024-03-05 09:00', title: '常务会议会前学法' })
  await bindDirectly(h.db, 'A001', 'wx-a001', 'xf-alias-a001')
  h.clock.set(local('2024-03-05 08:55'))
  return h
}
const marks = () => rows(h.db, 'SELECT official_id, status FROM attendance')

describe('chat robustness', () => {
  it('the same message delivered twice counts once and is answered once', async () => {
    await setup()
    const first = await h.send('签到', { id: 'dup-1' })
    const second = await h.send('签到', { id: 'dup-1' })
    expect(first).toEqual([COPY.checkinOk('常务会议会前学法')])
    expect(second).toEqual([])
    expect(await rows(h.db, "SELECT 1 FROM processed_messages WHERE message_id = 'dup-1'")).toHaveLength(1)
  })

  it('the same message delivered twice at the same moment still counts once', async () => {
    await setup()
    await Promise.all([h.send('请假 出差', { id: 'dup-2' }), h.send('请假 出差', { id: 'dup-2' })])
    expect(h.channel.sent.map((s) => s.message.text)).toEqual([COPY.leaveOk('常务会议会前学法', '3月5日 09:00')])
    expect(await rows(h.db, 'SELECT 1 FROM jobs')).toHaveLength(1)
  })

  it('an old message replayed after a reconnect is not acted upon', async () => {
    await setup()
    expect(await h.send('签到', { sentAt: local('2024-03-05 08:49') })).toEqual([])
    expect(await marks()).toEqual([])
    expect(await h.send('签到', { sentAt: local('2024-03-05 08:51') })).toEqual([COPY.checkinOk('常务会议会前学法')])
  })

  it('never answers itself or other bots', async () => {
    await setup()
    expect(await h.send('签到', { fromSelf: true })).toEqual([])
    expect(await h.send('帮助', { fromBot: true, contactId: 'gh_official' })).toEqual([])
    expect(await marks()).toEqual([])
  })

  it('in a group, ignores messages without a mention except a bare 签到 while a window is open', async () => {
    await setup()
    const room = { roomId: 'room-1@chatroom' }
    expect(await h.send('帮助', room)).toEqual([])
    expect(await h.send('签到了吗', room)).toEqual([])
    expect(await h.send('@学法助手 帮助', { ...room, mentioned: true })).toEqual([COPY.help])
    expect(await h.send('签到', room)).toEqual([COPY.checkinOk('常务会议会前学法')])
    expect(h.channel.sent.at(-1)?.to).toEqual({ kind: 'room', roomId: 'room-1@chatroom', mentionOfficialIds: ['A001'] })
    h.clock.set(local('2024-03-05 10:00'))
    expect(await h.send('签到', { ...room, contactId: 'wx-a001' })).toEqual([])
  })

  it('unbound people get one polite instruction a day, not silence and not spam', async () => {
    await setup()
    const stranger = { contactId: 'wx-stranger' }
    expect(await h.send('签到', stranger)).toEqual([COPY.unbound])
    expect(await h.send('你好', stranger)).toEqual([])
    expect(await h.send('帮助', stranger)).toEqual([])
    h.clock.advance(24 * 60 * 60_000)
    expect(await h.send('你好', stranger)).toEqual([COPY.unbound])
    expect(await marks()).toEqual([])
  })

  it('follows a new contact id through the alias kept in the remark', async () => {
    await setup()
    expect(await h.send('签到', { contactId: 'wx-new-id', contactAlias: 'xf-alias-a001' })).toEqual([COPY.checkinOk('常务会议会前学法')])
    expect(await rows(h.db, 'SELECT contact_id FROM chat_bindings')).toEqual([{ contact_id: 'wx-new-id' }])
  })

  it('an unexpected failure is answered with an apology and writes nothing', async () => {
    await setup()
    await h.db.execute('DROP TABLE jobs')
    expect(await h.send('请假 出差')).toEqual([COPY.apology])
    expect(await marks()).toEqual([])
  })
})

describe('one person writing without pause', () => {
  it('is answered up to the limit, told once to wait, then not answered until the window moves; others are answered meanwhile', async () => {
    h = await createChatHarness(undefined, { contactLimits: { perTenMinutes: 3, perDay: 5 } })
    await bindDirectly(h.db, 'A001', 'wx-a001')
    await bindDirectly(h.db, 'A002', 'wx-a002')
    for (let i = 0; i < 3; i++) expect(await h.send('帮助')).toHaveLength(1)
    expect(await h.send('帮助')).toEqual([COPY.tooFast])
    expect(await h.send('帮助')).toEqual([])
    expect(await h.send('帮助')).toEqual([])
    // another person is not held up
    expect(await h.send('帮助', { contactId: 'wx-a002' })).toHaveLength(1)
    // ten minutes on, two more until the day's five
    h.clock.advance(10 * 60_000 + 1)
    expect(await h.send('帮助')).toHaveLength(1)
    expect(await h.send('帮助')).toHaveLength(1)
    expect(await h.send('帮助')).toEqual([COPY.tooManyToday])
    h.clock.advance(10 * 60_000 + 1)
    expect(await h.send('帮助')).toEqual([]) // told already, and still over the day's limit
    h.clock.advance(24 * 3600_000)
    expect(await h.send('帮助')).toHaveLength(1)
  })
})
