import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { types } from 'wechaty'
import { createWechatyBot, type BotAlert, type WechatyBot } from '../../bots/wechaty/bot.js'
import { createChat } from '../../src/chat/create-chat.js'
import { COPY } from '../../src/chat/copy.zh.js'
import { ManualClock } from '../../src/clock.js'
import { ChannelUnavailableError, PermanentDeliveryError } from '../../src/delivery/errors.js'
import { silentLogger } from '../../src/log.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { addBindCode, addSession, local, rows, seedRoster, TZ } from '../helpers/chat.js'
import { waitFor } from '../helpers/wait-for.js'

/** The mock keeps no remarks; WeChat does, and keeps them across a re-login: store the alias in the payload. */
class RemarkKeepingPuppet extends PuppetMock {
  // biome-ignore lint/suspicious/noExplicitAny: overrides PuppetMock's two overloads (reads a string, writes nothing) with one body
  override async contactAlias(contactId: string, alias?: string | null): Promise<any> {
    const payload = this.mocker.contactPayload(contactId) as { alias?: string }
    if (alias === undefined) return payload.alias ?? ''
    payload.alias = alias ?? undefined
  }
}

type MockContact = ReturnType<mock.Mocker['createContact']>

describe('the chat bot end to end over wechaty-puppet-mock', () => {
  let t: TestDb
  let bot: WechatyBot
  let mocker: mock.Mocker
  let puppet: RemarkKeepingPuppet
  let self: MockContact
  const clock = new ManualClock(local('2024-03-05 08:00'))
  const alerts: BotAlert[] = []
  const inbox = new Map<string, string[]>() // texts the bot sent, by the receiving contact's name

  function person(name: string, alias?: string): MockContact {
    const c = mocker.createContact({ name, ...(alias ? { alias } : {}) })
    ;(c as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
      if (m.talker().id === self.id) inbox.set(name, [...(inbox.get(name) ?? []), m.text()])
    })
    return c
  }
  /** says `text` to the bot and waits for the next reply */
  async function ask(c: MockContact, name: string, text: string): Promise<string> {
    const seen = inbox.get(name)?.length ?? 0
    c.say(text).to(self)
    return waitFor(() => inbox.get(name)?.[seen], `a reply to ${name}: ${text}`)
  }
  /** delivers a hand-made message event, as a platform that repeats or replays events would */
  function deliver(from: MockContact, id: string, text: string, timestamp: number, times = 1): void {
    mocker.MessageMock.create({ id, talkerId: from.id, listenerId: self.id, text, timestamp, type: types.Message.Text } as never)
    for (let i = 0; i < times; i++) puppet.emit('message', { messageId: id })
  }

  let alice: MockContact
  let bob: MockContact
  let organizer: MockContact

  beforeAll(async () => {
    t = await createTestDb(clock)
    await seedRoster(t.db)
    await addSession(t.db, { id: 'S1', startsAt: '2024-03-05 09:00', title: '常务会议会前学法', hours: 0.5 })
    await addSession(t.db, { id: 'S2', startsAt: '2024-03-12 09:00', title: '第二次学法' })
    await addBindCode(t.db, 'A001', '111111', '2024-03-20T00:00:00.000Z')
    await addBindCode(t.db, 'A002', '222222', '2024-03-20T00:00:00.000Z')
    await addBindCode(t.db, 'O001', '999999', '2024-03-20T00:00:00.000Z')
    mocker = new mock.Mocker()
    puppet = new RemarkKeepingPuppet({ mocker })
    bot = createWechatyBot({
      name: 'xuefa-e2e',
      puppet,
      db: t.db,
      logger: silentLogger,
      clock,
      minSendIntervalMs: 0,
      printQr: () => undefined,
      reconnect: { initialMs: 60_000, maxMs: 60_000 },
      onAlert: (a) => void alerts.push(a),
      onMessage: (m, actions) => chat.handleIncoming(m, actions),
    })
    const chat = createChat({ db: t.db, clock, tz: TZ, logger: silentLogger, channel: bot.channel })
    await bot.start()
    mocker.scan('https://login.weixin.qq.com/l/xuefa-e2e')
    await waitFor(() => bot.status().state === 'waiting_scan', 'the scan')
    self = mocker.createContact({ name: '学法助手' })
    mocker.login(self)
    await waitFor(() => bot.status().state === 'logged_in', 'the login')
    alice = person('张三')
    bob = person('李四')
    organizer = person('赵组织')
  })
  afterAll(async () => {
    await bot?.stop()
    t?.cleanup()
  })

  it('keeps the login QR for the organizer page until the login', () => {
    expect(bot.status()).toMatchObject({ state: 'logged_in', qr: null, qrSvg: null })
  })

  it('tells an unbound person how to bind, then binds them and writes the alias into the remark', async () => {
    expect(await ask(alice, '张三', '签到')).toBe(COPY.unbound)
    expect(await ask(alice, '张三', '绑定 111111')).toBe(COPY.bindOk('张三'))
    const [binding] = await rows<{ contact_id: string; alias_key: string }>(
      t.db,
      "SELECT contact_id, alias_key FROM chat_bindings WHERE official_id = 'A001'",
    )
    expect(binding?.contact_id).toBe(alice.id)
    expect((mocker.contactPayload(alice.id) as { alias?: string }).alias).toBe(binding?.alias_key)
    expect(await ask(bob, '李四', '绑定 222222')).toBe(COPY.bindOk('李四'))
    expect(await ask(organizer, '赵组织', '绑定　９９９９９９')).toBe(COPY.bindOk('赵组织'))
  })

  it('checks in only inside the window', async () => {
    expect(await ask(alice, '张三', '签到')).toBe(COPY.checkinNotYet('常务会议会前学法', '3月5日 08:45'))
    clock.set(local('2024-03-05 08:55'))
    expect(await ask(alice, '张三', '签 到')).toBe(COPY.checkinOk('常务会议会前学法'))
    expect(await rows(t.db, 'SELECT official_id, status, source FROM attendance')).toEqual([
      { official_id: 'A001', status: 'present', source: 'chat' },
    ])
  })

  it('asks for leave and for the record', async () => {
    clock.set(local('2024-03-05 09:05')) // S1 has started: leave is for the next one
    expect(await ask(alice, '张三', '请假 下周出差')).toBe(COPY.leaveOk('第二次学法', '3月12日 09:00'))
    expect(await rows(t.db, "SELECT session_id, status, note FROM attendance WHERE session_id = 'S2'")).toEqual([
      { session_id: 'S2', status: 'excused', note: '下周出差' },
    ])
    expect(await rows(t.db, 'SELECT kind FROM jobs')).toEqual([{ kind: 'official.makeup' }])
    expect(await ask(alice, '张三', '我的学法')).toBe(
      [
        COPY.recordHeader(2024, '张三'),
        COPY.recordSessions(1, 0.5),
        COPY.recordAttendance('出席 1 次、请假 1 次'),
        COPY.recordQuizzes(0, 0),
      ].join('\n'),
    )
  })

  it('lets the organizer see 统计 and 提醒 those who have not checked in', async () => {
    expect(await ask(organizer, '赵组织', '统计')).toBe(
      [COPY.statsHeader('常务会议会前学法', '3月5日 09:00'), COPY.statsAttendance(2, '出席 1 人', 1), COPY.statsNoQuiz].join('\n'),
    )
    expect(await ask(organizer, '赵组织', '提醒')).toBe(COPY.remindDone('李四'))
    expect(inbox.get('李四')?.at(-1)).toBe(COPY.remindCheckin('常务会议会前学法'))
  })

  it('counts a duplicated message event once and ignores a replayed old message', async () => {
    const before = inbox.get('李四')?.length ?? 0
    deliver(bob, 'dup-event-1', '签到', clock.now().getTime(), 2)
    await waitFor(() => (inbox.get('李四')?.length ?? 0) > before, 'the check-in reply')
    deliver(organizer, 'old-event-1', '提醒', clock.now().getTime() - 10 * 60_000)
    // a fresh message after the replayed one: once it is answered, the replay has been handled (ignored)
    const orgBefore = inbox.get('赵组织')?.length ?? 0
    expect(await ask(organizer, '赵组织', '帮助')).toBe(`${COPY.help}\n\n${COPY.helpOrganizer}`)
    expect(inbox.get('赵组织')?.length).toBe(orgBefore + 1)
    expect(inbox.get('李四')?.slice(before)).toEqual([COPY.checkinLate('常务会议会前学法', 5)])
    expect(await rows(t.db, "SELECT status FROM attendance WHERE official_id = 'A002'")).toEqual([{ status: 'late' }])
    expect(await rows(t.db, "SELECT message_id FROM processed_messages WHERE message_id IN ('dup-event-1', 'old-event-1')")).toEqual([
      { message_id: 'dup-event-1' },
    ])
  })

  it('keeps the binding through a re-login that changes contact ids (alias in the remark)', async () => {
    const aliasKey = (mocker.contactPayload(alice.id) as { alias?: string }).alias
    await puppet.logout('e2e re-login')
    await waitFor(() => bot.status().state === 'logged_out', 'the logout')
    expect(alerts.map((a) => a.kind)).toEqual(['logout'])
    // the outbox waits while logged out, without spending the row's tries
    await expect(bot.channel.send({ kind: 'official', officialId: 'A001' }, { text: 'x' })).rejects.toBeInstanceOf(ChannelUnavailableError)
    // WeChat gives the same person a new id; the remark stays
    mocker.cacheContactPayload.delete(alice.id)
    ;(mocker.ContactMock as unknown as { pool: Map<string, unknown> }).pool.delete(alice.id)
    const alice2 = person('张三', aliasKey)
    mocker.login(self)
    await waitFor(() => bot.status().state === 'logged_in', 'the second login')
    await bot.channel.send({ kind: 'official', officialId: 'A001' }, { text: '会后补学材料已发送' })
    expect(inbox.get('张三')?.at(-1)).toBe('会后补学材料已发送')
    expect(await rows(t.db, "SELECT contact_id FROM chat_bindings WHERE official_id = 'A001'")).toEqual([{ contact_id: alice2.id }])
    expect(await ask(alice2, '张三', '签到')).toBe(COPY.checkinAgain('常务会议会前学法', '出席'))
  })

  it('retries, not refuses, a bound official whose contact is not found by its alias yet (contacts still loading after a re-login)', async () => {
    const aliasKey = (mocker.contactPayload(bob.id) as { alias?: string }).alias
    mocker.cacheContactPayload.delete(bob.id)
    ;(mocker.ContactMock as unknown as { pool: Map<string, unknown> }).pool.delete(bob.id)
    const missing = await bot.channel.send({ kind: 'official', officialId: 'A002' }, { text: 'x' }).catch((err: unknown) => err)
    expect(missing).toBeInstanceOf(Error)
    expect(missing).not.toBeInstanceOf(PermanentDeliveryError)
    expect(missing).not.toBeInstanceOf(ChannelUnavailableError)
    // the contact list has loaded: the retry reaches the person and the binding follows the new id
    const bob2 = person('李四', aliasKey)
    await bot.channel.send({ kind: 'official', officialId: 'A002' }, { text: '学法提醒' })
    expect(inbox.get('李四')?.at(-1)).toBe('学法提醒')
    expect(await rows(t.db, "SELECT contact_id FROM chat_bindings WHERE official_id = 'A002'")).toEqual([{ contact_id: bob2.id }])
  })

  it('refuses for good, not to be retried, a message to an official who never bound an account', async () => {
    await expect(bot.channel.send({ kind: 'official', officialId: 'B001' }, { text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError)
    await expect(bot.channel.send({ kind: 'room', roomId: 'no-such-room' }, { text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError)
    await expect(bot.channel.send({ kind: 'robot', robotId: 1 }, { text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError)
  })
})
