/**
 * Interactive before bulk, end to end over Wechaty's mock puppet: one account sends a 1,000-person fan-out on a
 * virtual clock (the configured pacing, no real waits) and a person who writes in the middle of it is answered in
 * the next slot or the one after, not after the fan-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { types } from 'wechaty'
import { ManualClock } from '../../src/clock.js'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { rows } from '../helpers/chat.js'
import { waitFor } from '../helpers/wait-for.js'
import { contactOf, seedCrashCounty, TZ } from '../reliability/helpers/crash-seed.js'

const START = new Date('2024-03-04T02:00:00.000Z')
const PEOPLE = 1000
const TITLE = '全员法治培训'

describe('a reply during a 1,000-person fan-out on one account', () => {
  let t: TestDb
  let app: Xuefa
  let mocker: mock.Mocker
  let puppet: PuppetMock
  const clock = new ManualClock(START)
  /** every text the bot sent, in order, with whom to */
  const sent: { to: string; text: string }[] = []
  /** the person writes once this many notices are out */
  const WRITES_AFTER = 100
  let answered = false
  /**
   * Virtual time: a wait moves the manual clock to its end. From the moment the person writes until the answer, a
   * wait also takes a little real time (1/10 of it), as in production, where handling a message takes milliseconds
   * and sends are seconds apart (otherwise the virtual fan-out would run on while the message is being read).
   */
  const sleep = async (ms: number) => {
    const until = clock.now().getTime() + ms
    if (sent.length >= WRITES_AFTER && !answered) await new Promise((r) => setTimeout(r, ms / 10))
    if (clock.now().getTime() < until) clock.set(new Date(until))
  }

  beforeAll(async () => {
    t = await createTestDb(clock)
    const county = await seedCrashCounty(t.db, START, { officials: PEOPLE, bound: PEOPLE, answerers: 0 })
    mocker = new mock.Mocker()
    puppet = new PuppetMock({ mocker })
    app = await createXuefa({
      puppet,
      clock,
      loops: false,
      sleep,
      env: { ...t.env, XUEFA_BOT: 'on', XUEFA_BANK: 'off', XUEFA_LOG_LEVEL: 'silent' },
    })
    await app.start()
    app.bot!.supervisor.stop()
    const self = mocker.createContact({ id: 'bot-self', name: '学法助手' })
    for (const id of county.bound) {
      const c = mocker.createContact({ id: contactOf(id), name: id })
      ;(c as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
        if (m.talker().id === self.id) sent.push({ to: id, text: m.text() })
      })
    }
    mocker.login(self)
    await waitFor(() => app.bot!.status().state === 'logged_in', 'the login')
  })
  afterAll(async () => {
    await app?.stop()
    t?.cleanup()
  })

  it('answers in the next send or the one after, while most of the fan-out still waits', async () => {
    await createSession(
      { db: t.db, clock, tz: TZ },
      {
        id: 'S-ALL',
        kind: 'all_staff_training',
        title: TITLE,
        startsAt: new Date(clock.now().getTime() + 3 * 3_600_000),
        unitCode: 'PL-A',
      },
      { actor: 'test' },
    )
    expect(await app.scheduler.runOnce()).toMatchObject({ failed: 0 })
    expect(await rows(t.db, "SELECT count(*) AS n FROM deliveries WHERE state = 'pending'")).toEqual([{ n: PEOPLE }])

    const drained = app.delivery.drainOnce()
    await waitFor(() => (sent.length >= WRITES_AFTER ? true : undefined), 'the first notices sent')
    // the last person in the fan-out's order writes; the message is dated by the manual clock, as WeChat dates it
    const writer = 'P1000'
    const arrivedAt = sent.length
    mocker.MessageMock.create({
      id: 'during-fanout-1',
      talkerId: contactOf(writer),
      listenerId: 'bot-self',
      text: '帮助',
      timestamp: clock.now().getTime(),
      type: types.Message.Text,
    } as never)
    puppet.emit('message', { messageId: 'during-fanout-1' })
    const replyAt = await waitFor(() => {
      const i = sent.findIndex((s) => s.to === writer)
      return i >= 0 ? i : undefined
    }, 'the reply')
    answered = true
    expect(sent[replyAt]!.text).not.toContain(TITLE)
    // between the message and its answer the fan-out sent at most the one in hand and one more
    expect(replyAt - arrivedAt).toBeLessThanOrEqual(2)
    expect(replyAt).toBeLessThan(PEOPLE / 5)

    await drained
    expect(await rows(t.db, 'SELECT state, count(*) AS n FROM deliveries GROUP BY state')).toEqual([{ state: 'sent', n: PEOPLE }])
    // the writer's own notice came in its turn, after the reply
    const notices = sent.filter((s) => s.text.includes(TITLE))
    expect(notices).toHaveLength(PEOPLE)
    expect(sent.findIndex((s) => s.to === writer && s.text.includes(TITLE))).toBeGreaterThan(replyAt)
  })
})
