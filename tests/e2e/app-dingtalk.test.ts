/**
 * Two-way chat on a DingTalk enterprise-internal application, end to end: xuefa (createXuefa, the real Hono app, chat,
 * scheduler and outbox on a real database) against a fake DingTalk on loopback (tests/helpers/fake-apps.ts). Messages
 * to the application's robot arrive signed (`timestamp` + `sign`); replies go through the message's session webhook,
 * notices and reminders as work notifications (the personal link as an action card's button).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import type { Xuefa } from '../../src/main.js'
import { issueBindCodes } from '../../src/roster/binding.service.js'
import { createSession, updateSession } from '../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { startAppRig, type AppRig } from '../helpers/app-rig.js'
import { rows } from '../helpers/chat.js'
import type { FakeApps } from '../helpers/fake-apps.js'
import { rightReply } from '../integration/quiz-fixtures.js'

const TZ = 'Asia/Shanghai'
const START = new Date('2024-03-04T01:00:00.000Z')

describe('a DingTalk enterprise-internal application, end to end', () => {
  let x: Xuefa
  let fake: FakeApps
  let rig: AppRig
  const clock = new ManualClock(START)

  beforeAll(async () => {
    rig = await startAppRig(clock, 'dingtalk')
    x = rig.x
    fake = rig.fake
  })
  afterAll(() => rig.stop())

  /** A user writes to the application's robot; resolves with what they received meanwhile. */
  async function say(staffId: string, text: string, msgId?: string): Promise<{ kind: string; text: string }[]> {
    const before = fake.heard.length
    const res = await fake.dingtalkSay(staffId, text, { msgId })
    expect(res.status).toBe(200)
    return fake.heard
      .slice(before)
      .filter((h) => h.to === staffId)
      .map((h) => ({ kind: h.kind, text: h.text }))
  }
  const reply = (text: string) => [{ kind: 'session', text: expect.stringContaining(text) }]

  it('refuses a bad sign and a timestamp more than an hour away, and holds a signature that keeps failing', async () => {
    expect((await fake.dingtalkSay('zhangsan', '帮助', { sign: 'AAAA' })).status).toBe(403)
    expect((await fake.dingtalkSay('zhangsan', '帮助', { timestamp: clock.now().getTime() - 3700_000 })).status).toBe(403)
    expect(fake.heard).toHaveLength(0)
    // a signature that keeps failing waits; a valid one from the same address still goes through
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await fake.dingtalkSay('zhangsan', '帮助', { sign: 'AAAA' })).status)
    expect(statuses).toContain(429)
    expect(statuses.filter((s) => s !== 403 && s !== 429)).toEqual([])
    expect(fake.heard).toHaveLength(0)
    expect((await fake.dingtalkSay('zhangsan', '帮助')).status).toBe(200)
    clock.advance(61_000)
  })

  it('binds people by code, replying through the session webhook', async () => {
    const codes = await issueBindCodes({ db: x.db, clock }, {}, { actor: 'test' })
    const codeOf = (id: string) => codes.find((c) => c.officialId === id)!.code
    expect(await say('zhangsan', `绑定 ${codeOf('A001')}`)).toEqual(reply('绑定成功！张三'))
    expect(await say('lisi', `绑定 ${codeOf('A002')}`)).toEqual(reply('绑定成功！李四'))
    expect(await say('wangwu', `绑定 ${codeOf('A003')}`)).toEqual(reply('绑定成功！王五'))
    expect(await rows(x.db, 'SELECT DISTINCT channel, account FROM chat_bindings')).toEqual([{ channel: 'dingtalk-app', account: 'main' }])
  })

  it('never posts a reply to a session webhook off DingTalk’s host (the body is not signed): a work notification instead', async () => {
    const trapped: string[] = []
    const trap = createServer((req, res) => {
      trapped.push(req.url ?? '')
      res.end('{"errcode":0}')
    })
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r))
    const { port } = trap.address() as AddressInfo
    try {
      const before = fake.heard.length
      const res = await fake.dingtalkSay('zhangsan', '我的学法', {
        sessionWebhook: `http://127.0.0.1:${port}/robot/sendBySession?session=x`,
      })
      expect(res.status).toBe(200)
      expect(trapped).toEqual([])
      expect(fake.heard.slice(before).map((h) => [h.to, h.kind])).toEqual([['zhangsan', 'text']])
    } finally {
      await new Promise<void>((r) => trap.close(() => r()))
    }
  })

  it('answers by work notification when the robot’s conversation is throttled, holding no other reply', async () => {
    fake.failNext('dingtalk-session', 130101)
    const before = fake.heard.length
    expect((await fake.dingtalkSay('lisi', '我的学法')).status).toBe(200)
    expect(fake.refused).toContainEqual({ platform: 'dingtalk', code: 130101 })
    expect(fake.heard.slice(before).map((h) => [h.to, h.kind])).toEqual([['lisi', 'text']])
    expect(await say('zhangsan', '我的学法')).toEqual(reply('学法记录'))
  })

  it('handles a replayed message once', async () => {
    expect(await say('zhangsan', '我的学法', 'msg-replayed')).toHaveLength(1)
    expect(await say('zhangsan', '我的学法', 'msg-replayed')).toEqual([])
  })

  it('sends the notice as a work notification, takes the whole quiz in one message, leave, reminder card, check-in', async () => {
    const startsAt = new Date(clock.now().getTime() + 3 * 3600_000)
    const deps = { db: x.db, clock, tz: TZ }
    await createSession(deps, { id: 'D1', kind: 'pre_meeting', title: '学习行政复议法', startsAt, unitCode: 'PL' }, { actor: 'test' })
    await updateSession(
      deps,
      'D1',
      { quiz: quizSpecSchema.parse({ questionIds: ['S01', 'M01', 'J01'], deadlineMinutes: 600 }) },
      { actor: 'test' },
    )
    await x.scheduler.runOnce()
    await x.delivery.drainOnce()
    const notice = fake.heard.find((h) => h.to === 'zhangsan' && h.text.includes('学习行政复议法'))!
    expect(notice.kind).toBe('action_card')
    expect(notice.url).toMatch(/^https:\/\/xuefa\.example\.gov\.cn\/m\/\S+$/)
    expect(notice.text).toContain('共3题')

    const answers = notice.text
      .split('\n\n')
      .filter((b) => /^\d+\.（/.test(b))
      .map(rightReply)
    expect(answers).toHaveLength(3)
    expect(await say('zhangsan', answers.join(' '))).toEqual(reply('100'))
    expect(await say('lisi', '请假 外出开会')).toEqual(reply('已为您登记请假：学习行政复议法'))

    clock.advance(60 * 60_000 + 1000)
    const before = fake.heard.length
    await x.scheduler.runOnce()
    // the token has run out meanwhile: the platform says 42001, a new one is fetched and the send goes through
    fake.expireTokens()
    await x.delivery.drainOnce()
    expect(fake.refused).toContainEqual({ platform: 'dingtalk', code: 42001 })
    const reminders = fake.heard.slice(before)
    expect(reminders.map((r) => [r.to, r.kind])).toEqual([['wangwu', 'action_card']])
    expect(reminders[0]!.text).toContain('学习行政复议法')
    expect(reminders[0]!.url).toMatch(/^https:\/\/xuefa\.example\.gov\.cn\/m\/\S+$/)

    clock.advance(110 * 60_000)
    expect(await say('zhangsan', '签到')).toEqual(reply('签到成功：学习行政复议法'))
  })

  it('waits out a throttling answer and sends the held row again', async () => {
    const deps = { db: x.db, clock, tz: TZ }
    const startsAt = new Date(clock.now().getTime() + 26 * 3600_000)
    await createSession(deps, { id: 'D2', kind: 'pre_meeting', title: '学习民法典', startsAt, unitCode: 'PL' }, { actor: 'test' })
    await x.scheduler.runOnce()
    fake.failNext('dingtalk', 90018)
    const refusedBefore = fake.refused.length
    await x.delivery.drainOnce()
    expect(fake.refused.slice(refusedBefore)).toEqual([{ platform: 'dingtalk', code: 90018 }])
    for (const user of ['zhangsan', 'lisi', 'wangwu']) expect(fake.textsTo(user).filter((s) => s.includes('学习民法典'))).toHaveLength(1)
    expect(
      await rows(
        x.db,
        "SELECT state, count(*) AS n FROM deliveries WHERE job_id IN (SELECT id FROM jobs WHERE session_id = 'D2') GROUP BY state",
      ),
    ).toEqual([{ state: 'sent', n: 3 }])
  })
})
