/**
 * Two-way chat on a WeCom self-built application, end to end: xuefa (createXuefa, the real Hono app, chat, scheduler
 * and outbox on a real database) against a fake WeCom on loopback (tests/helpers/fake-apps.ts). People bind by code,
 * receive the notice, answer the whole quiz in one message, ask for leave, get the reminder (a card with their
 * personal link) and check in; the callback's signature, replays, an expired token and a throttling answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import type { Xuefa } from '../../src/main.js'
import { copyFor } from '../../src/chat/copy.zh.js'
import { issueBindCodes } from '../../src/roster/binding.service.js'
import { createSession, updateSession } from '../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { startAppRig, type AppRig } from '../helpers/app-rig.js'
import { rows } from '../helpers/chat.js'
import { get, logIn } from '../helpers/browser.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { unitCapacity } from '../../src/sessions/capacity.service.js'
import { keyedPrivateDelivery } from '../../src/delivery/fanout.js'
import { insertDeliveries } from '../../src/delivery/deliveries.repo.js'
import { WECOM, type FakeApps } from '../helpers/fake-apps.js'
import { rightReply } from '../integration/quiz-fixtures.js'

const TZ = 'Asia/Shanghai'
const START = new Date('2024-03-04T01:00:00.000Z')

describe('a WeCom self-built application, end to end', () => {
  let x: Xuefa
  let fake: FakeApps
  let rig: AppRig
  const clock = new ManualClock(START)

  beforeAll(async () => {
    rig = await startAppRig(clock, 'wecom', ['zhangsan', 'lisi', 'wangwu'])
    x = rig.x
    fake = rig.fake
  })
  afterAll(() => rig.stop())

  /** A user writes to the application; resolves with what they received meanwhile. */
  async function say(userId: string, text: string, msgId?: string): Promise<string[]> {
    const before = fake.heard.length
    const res = await fake.wecomSay(userId, text, { msgId })
    expect(res.status).toBe(200)
    return fake.heard
      .slice(before)
      .filter((h) => h.to === userId)
      .map((h) => h.text)
  }

  it('answers the URL check and refuses a bad signature', async () => {
    const ok = await fake.wecomVerify('1616140317555161061')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1616140317555161061')
    const bad = await fake.wecomVerify('echo', { signature: 'f'.repeat(40) })
    expect(bad.status).toBe(403)
    const forged = await fake.wecomSay('zhangsan', '签到', { signature: '0'.repeat(40) })
    expect(forged.status).toBe(403)
    expect(fake.heard).toHaveLength(0)
  })

  it('binds people by code, on the application they wrote to', async () => {
    const codes = await issueBindCodes({ db: x.db, clock }, {}, { actor: 'test' })
    const codeOf = (id: string) => codes.find((c) => c.officialId === id)!.code
    // the chat's words are WeCom's: 「您的企业微信账号还没有…」, never 「微信」 alone
    const [unbound] = await say('zhangsan', '帮助')
    expect(unbound).toBe(copyFor('wecom-app').unbound)
    expect(unbound).toContain('您的企业微信账号还没有与学法名册绑定')
    expect(await say('zhangsan', `绑定 ${codeOf('A001')}`)).toEqual([expect.stringContaining('绑定成功！张三')])
    expect(await say('zhangsan', `绑定 ${codeOf('A001')}`)).toEqual([
      '本企业微信账号已绑定为「张三」，无需重复绑定。如需更换，请联系组织者。',
    ])
    expect(await say('zhangsan', '帮助')).toEqual([copyFor('wecom-app').help])
    expect(copyFor('wecom-app').help).toContain('把本企业微信账号与学法名册绑定')
    expect(await say('lisi', `绑定${codeOf('A002')}`)).toEqual([expect.stringContaining('绑定成功！李四')])
    expect(await say('wangwu', `绑定 ${codeOf('A003')}`)).toEqual([expect.stringContaining('绑定成功！王五')])
    expect(await rows(x.db, 'SELECT official_id, channel, contact_id, account FROM chat_bindings ORDER BY official_id')).toEqual([
      { official_id: 'A001', channel: 'wecom-app', contact_id: 'zhangsan', account: 'main' },
      { official_id: 'A002', channel: 'wecom-app', contact_id: 'lisi', account: 'main' },
      { official_id: 'A003', channel: 'wecom-app', contact_id: 'wangwu', account: 'main' },
    ])
  })

  it('handles a replayed message once', async () => {
    expect(await say('zhangsan', '我的学法', 'replayed-1')).toHaveLength(1)
    expect(await say('zhangsan', '我的学法', 'replayed-1')).toEqual([])
  })

  it('sends the notice through the application, takes the whole quiz in one message, leave, reminder card, check-in', async () => {
    const startsAt = new Date(clock.now().getTime() + 3 * 3600_000)
    const deps = { db: x.db, clock, tz: TZ }
    await createSession(deps, { id: 'W1', kind: 'pre_meeting', title: '学习行政复议法', startsAt, unitCode: 'PL' }, { actor: 'test' })
    await updateSession(
      deps,
      'W1',
      { quiz: quizSpecSchema.parse({ questionIds: ['S01', 'M01', 'J01'], deadlineMinutes: 600 }) },
      { actor: 'test' },
    )
    await x.scheduler.runOnce()
    expect(await rows(x.db, "SELECT DISTINCT channel, account FROM deliveries WHERE recipient LIKE 'official:%'")).toEqual([
      { channel: 'wecom-app', account: 'main' },
    ])
    // the token has run out meanwhile: the platform says 42001, a new one is fetched and the send goes through
    fake.expireTokens()
    const issued = fake.tokensIssued
    await x.delivery.drainOnce()
    expect(fake.tokensIssued).toBe(issued + 1)
    expect(fake.refused).toContainEqual({ platform: 'wecom', code: 42001 })
    const [notice] = fake.textsTo('zhangsan').filter((s) => s.includes('学习行政复议法'))
    expect(notice).toContain('共3题')
    expect(notice).toMatch(/https:\/\/xuefa\.example\.gov\.cn\/m\/\S+/)
    expect(fake.textsTo('lisi').some((s) => s.includes('学习行政复议法'))).toBe(true)

    const answers = notice!
      .split('\n\n')
      .filter((b) => /^\d+\.（/.test(b))
      .map(rightReply)
    expect(answers).toHaveLength(3)
    const [result] = await say('zhangsan', answers.join(' '))
    expect(result).toContain('100')

    expect(await say('lisi', '请假 外出开会')).toEqual([expect.stringContaining('已为您登记请假：学习行政复议法')])

    // the reminder, 2 h before the start: to 王五 only (张三 has finished, 李四 is on leave), as a card with his link
    clock.advance(60 * 60_000 + 1000)
    const before = fake.heard.length
    await x.scheduler.runOnce()
    await x.delivery.drainOnce()
    const reminders = fake.heard.slice(before)
    expect(reminders.map((r) => [r.to, r.kind])).toEqual([['wangwu', 'textcard']])
    expect(reminders[0]!.text).toContain('学习行政复议法')
    expect(reminders[0]!.url).toMatch(/^https:\/\/xuefa\.example\.gov\.cn\/m\/\S+$/)

    clock.advance(110 * 60_000)
    expect(await say('zhangsan', '签到')).toEqual([expect.stringContaining('签到成功：学习行政复议法')])
  })

  it('waits out a throttling answer: a reply once the hold is over, and the outbox sends the held row again', async () => {
    fake.failNext('wecom', 45009)
    expect(await say('zhangsan', '我的学法')).toHaveLength(1)
    expect(fake.refused).toContainEqual({ platform: 'wecom', code: 45009 })

    const deps = { db: x.db, clock, tz: TZ }
    const startsAt = new Date(clock.now().getTime() + 26 * 3600_000)
    await createSession(deps, { id: 'W2', kind: 'pre_meeting', title: '学习民法典', startsAt, unitCode: 'PL' }, { actor: 'test' })
    await x.scheduler.runOnce()
    fake.failNext('wecom', 45033)
    const refusedBefore = fake.refused.length
    await x.delivery.drainOnce()
    expect(fake.refused.slice(refusedBefore)).toEqual([{ platform: 'wecom', code: 45033 }])
    for (const user of ['zhangsan', 'lisi', 'wangwu']) expect(fake.textsTo(user).filter((s) => s.includes('学习民法典'))).toHaveLength(1)
    expect(
      await rows(
        x.db,
        "SELECT state, count(*) AS n FROM deliveries WHERE job_id IN (SELECT id FROM jobs WHERE session_id = 'W2') GROUP BY state",
      ),
    ).toEqual([{ state: 'sent', n: 3 }])
  })

  it("shows the application's state on the dashboard's bot page, and lists its callback in /openapi.json", async () => {
    const { token } = await createApiToken({ db: x.db, clock }, { role: 'admin' }, { actor: 'test' })
    const app = {
      request: (path: string, init?: RequestInit) => x.fetch(new Request(`http://xuefa${path}`, init)),
    } as unknown as Parameters<typeof logIn>[0]
    const jar = await logIn(app, token)
    const html = await (await get(app, jar, '/ui/bot')).text()
    const row = html.slice(html.indexOf('企业微信 / 钉钉应用'))
    expect(row).toMatch(/<td>企业微信自建应用<\/td><td>main<\/td><td>启用<\/td><td>\/webhooks\/wecom\/main<\/td><td>3<\/td>/)
    expect(html).not.toContain(WECOM.secret)
    const doc = (await (await x.fetch(new Request('http://xuefa/openapi.json'))).json()) as {
      paths: Record<string, unknown>
      components: { schemas: Record<string, unknown> }
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/webhooks/wecom/{account}', '/webhooks/dingtalk/{account}']))

    // the API's bot status lists the application as the page does, without a secret
    expect(doc.components.schemas.ChatAppStatus).toBeDefined()
    const res = await x.fetch(new Request('http://xuefa/api/v1/bot/status', { headers: { authorization: `Bearer ${token}` } }))
    expect(res.status).toBe(200)
    const text = await res.text()
    for (const secret of [WECOM.secret, WECOM.token, WECOM.aesKey]) expect(text).not.toContain(secret)
    expect((JSON.parse(text) as { apps: unknown }).apps).toEqual([
      {
        platform: 'wecom',
        name: 'main',
        enabled: true,
        callbackPath: '/webhooks/wecom/main',
        bound: 3,
        pending: 0,
        failed: 0,
        lastError: null,
      },
    ])
  })

  it('counts the people bound on the application at its own limits in the capacity figure', async () => {
    const report = await unitCapacity({ db: x.db, clock, tz: TZ, accounts: ['default'] }, 'PL')
    const app = report.perAccount.find((a) => a.account === 'wecom-app:main')!
    expect(app.people).toBe(3)
    expect(report.perAccount.find((a) => a.account === 'default')!.people).toBe(0)
    // a tenth of a second a send: three notices take well under a WeChat account's one-and-a-half seconds each
    expect(app.fanoutMs).toBeLessThan(3 * report.pacing.meanIntervalMs)
    expect(app.fitsCap).toBe(true)
    expect(report.accountsNeeded).toBe(1)
  })

  it("keeps one member's messages under 30 a minute, which WeCom would drop without an error", async () => {
    const now = clock.now().toISOString()
    const many = Array.from({ length: 35 }, (_, i) => keyedPrivateDelivery(`burst:${i}`, 'A003', { text: `第${i + 1}条` }, now))
    // behind the burst, a message to someone else: held for nobody's limit but their own
    const other = keyedPrivateDelivery('burst:other', 'A002', { text: '给李四的消息' }, now)
    await insertDeliveries(x.db, [...many, other], now)
    await x.delivery.drainOnce()
    expect(fake.textsTo('lisi')).toContain('给李四的消息')
    expect(fake.textsTo('wangwu').filter((s) => /^第\d+条$/.test(s)).length).toBeLessThan(35)
    // the member's own minute over, the rest of the burst goes
    clock.advance(60_000)
    await x.delivery.drainOnce()
    expect(fake.dropped).toEqual([])
    expect(fake.textsTo('wangwu').filter((s) => /^第\d+条$/.test(s))).toHaveLength(35)
  })

  it('holds a msg_signature that keeps failing (429), never a valid one from the same address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await fake.wecomSay('zhangsan', '签到', { signature: '0'.repeat(40) })).status)
    expect(statuses).toContain(429)
    expect(statuses.filter((s) => s !== 403 && s !== 429)).toEqual([])
    expect((await fake.wecomSay('zhangsan', '帮助')).status).toBe(200)
  })
})
