/** A session quiz and a 任前 exam answered over Wechaty's mock puppet: real bot, real router, real database. */
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { createChat, type Chat } from '../../src/chat/create-chat.js'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { registerExamCommands } from '../../src/chat/commands/exam.js'
import { createSession, updateSession } from '../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { assignAppointmentExam } from '../../src/exams/exam.service.js'
import { createWechatyBot, type WechatyBot } from '../../bots/wechaty/bot.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { createSignal } from '../helpers/signal.js'
import { rightReply, seedQuestions, seedRoster, wrongReply } from '../integration/quiz-fixtures.js'

const tz = 'Asia/Shanghai'
let t: TestDb
let clock: ManualClock
let bot: WechatyBot
let mocker: mock.Mocker
let alice: mock.ContactMock
let botUser: mock.ContactMock
let heard: string[]
const replies = createSignal()

beforeEach(async () => {
  // the adapter dates messages by the real clock; the manual one starts there and moves only when told
  clock = new ManualClock(new Date(Math.floor(Date.now() / 60_000) * 60_000))
  t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db)
  mocker = new mock.Mocker()
  let chat: Chat | null = null
  bot = createWechatyBot({
    name: 'xf-e2e',
    puppet: new PuppetMock({ mocker }),
    db: t.db,
    logger: silentLogger,
    clock,
    minSendIntervalMs: 0,
    printQr: () => undefined,
    onMessage: (m, actions) => chat!.handleIncoming(m, actions),
  })
  chat = createChat({ db: t.db, clock, tz, logger: silentLogger, channel: bot.channel, maxMessageAgeMs: 365 * 24 * 3600_000 }, [
    registerQuizCommands,
    registerExamCommands,
  ])
  await bot.start()
  mocker.scan('qr')
  botUser = mocker.createContact({ name: '学法助手' })
  mocker.login(botUser)
  alice = mocker.createContact({ name: '张三的微信' })
  heard = []
  // the mock contact is an EventEmitter at run time; its typings do not say so
  ;(alice as unknown as { on(event: 'message', fn: (m: mock.MessageMock) => void): void }).on('message', (m) => {
    if (m.talker().id !== alice.id) heard.push(m.text() ?? '')
    replies.notify()
  })
  await t.db.execute({
    sql: `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES ('A001', 'wechaty', ?, 'key-A001', ?)`,
    args: [alice.id, clock.now().toISOString()],
  })
})
afterEach(async () => {
  await bot.stop()
  t.cleanup()
})

/** Alice says `text`; resolves with what the bot said back once it has said `count` things. */
async function say(text: string, count: number): Promise<string[]> {
  const from = heard.length
  alice.say(text).to(botUser)
  await replies.until(() => heard.length - from >= count)
  return heard.slice(from)
}

async function quiz(deadlineMinutes: number) {
  const startsAt = new Date(clock.now().getTime() + 3600_000)
  await createSession(
    { db: t.db, clock, tz },
    { id: 'S1', kind: 'pre_meeting', title: '学习行政复议法', startsAt, unitCode: 'PL' },
    { actor: 'test' },
  )
  await updateSession(
    { db: t.db, clock, tz },
    'S1',
    { quiz: quizSpecSchema.parse({ questionIds: ['S01', 'M01', 'J01'], deadlineMinutes }) },
    { actor: 'test' },
  )
}

describe('over the Wechaty mock puppet', () => {
  it('answers a session quiz fully', async () => {
    await quiz(60)
    const [intro, q1] = await say('答题', 2)
    expect(intro).toContain('开始《学习行政复议法》学法测验：共3题')
    const [fb1, q2] = await say(rightReply(q1!), 2)
    expect(fb1).toContain('✅ 回答正确')
    const [fb2, q3] = await say(wrongReply(q2!).toLowerCase(), 2) // a multiple answer with one option missing, typed in lower case
    expect(fb2).toContain('❌ 回答错误。正确答案：')
    const [fb3, end] = await say(rightReply(q3!) === '对' ? '√' : '×', 2)
    expect(fb3).toContain('依据：《中华人民共和国行政复议法》第二十条')
    expect(end).toBe('测验完成！得分 66.7 分（60分及格），合格 🎉')
  })

  it('answers partly, then is refused after the deadline', async () => {
    await quiz(1)
    const [, q1] = await say('答题', 2)
    await say(rightReply(q1!), 2)
    clock.advanceMinutes(62)
    const late = await say('ACD', 2)
    expect(late[0]).toContain('学法测验已于')
    expect(late[0]).toContain('截止，无法再作答')
    expect(late[1]).toBe('本次测验已截止：共3题，已答1题，未答的题目不计分，得分 33.3 分。')
  })

  it('times a 任前 exam out half-way', async () => {
    await assignAppointmentExam(
      { db: t.db, clock, tz },
      { officialId: 'A001', proposedPost: '局长', opensAt: clock.now(), minutes: 20, blueprint: { single: 2, multiple: 0, judge: 2 } },
      { actor: 'test' },
    )
    const [intro, q1] = await say('任前考试', 2)
    expect(intro).toContain('共4题，限时20分钟')
    const [, q2] = await say(rightReply(q1!), 2)
    await say(rightReply(q2!), 2)
    clock.advanceMinutes(21)
    expect(await say('对', 3)).toEqual([
      '考试时间已到：共4题，已答2题，未作答的题目记0分。',
      '任前法律知识考试成绩：50 分（60分及格），未通过。',
      '按规定可补考一次。准备好后请私聊发送“任前考试”开始补考。',
    ])
  })
})
