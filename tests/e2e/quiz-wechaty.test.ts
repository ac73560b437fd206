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
import { sendMaterials } from '../../src/sessions/steps.service.js'
import { listSessionJobs } from '../../src/jobs/jobs.repo.js'
import { quizCopy } from '../../src/quizzes/copy.zh.js'
import type { OutboundMessage, Recipient } from '../../src/delivery/channel.js'
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

async function quiz(deadlineMinutes: number, id = 'S1', questionIds = ['S01', 'M01', 'J01']) {
  const startsAt = new Date(clock.now().getTime() + 3600_000)
  await createSession(
    { db: t.db, clock, tz },
    { id, kind: 'pre_meeting', title: `学习行政复议法${id}`, startsAt, unitCode: 'PL' },
    { actor: 'test' },
  )
  await updateSession({ db: t.db, clock, tz }, id, { quiz: quizSpecSchema.parse({ questionIds, deadlineMinutes }) }, { actor: 'test' })
}

/**
 * The session's materials step, its outbox rows for Alice (A001) sent through the bot as the sender sends them;
 * resolves with what Alice received.
 */
async function notice(sessionId: string): Promise<string[]> {
  const job = (await listSessionJobs(t.db, sessionId)).find((j) => j.kind === 'session.materials')!
  await sendMaterials({ sessionId }, job, { db: t.db, clock, tz, logger: silentLogger })
  const planned = (
    await t.db.execute({
      sql: `SELECT message_json FROM deliveries WHERE job_id = ? AND recipient = 'official:A001' ORDER BY id`,
      args: [job.id],
    })
  ).rows.map((r) => JSON.parse(String(r.message_json)) as { to: Recipient; message: OutboundMessage })
  const from = heard.length
  for (const p of planned) await bot.channel.send(p.to, p.message)
  await replies.until(() => heard.length - from >= planned.length)
  return heard.slice(from)
}

/** The right answer to each question of a notice, in Alice's letters. */
const rightAnswers = (text: string) =>
  text
    .split('\n\n')
    .filter((b) => /^\d+\.（/.test(b))
    .map(rightReply)

describe('over the Wechaty mock puppet', () => {
  it('answers a session quiz fully', async () => {
    await quiz(60)
    // one message per reply: the intro with the first question, each feedback with the next, the last with the score
    const [q1] = await say('答题', 1)
    expect(q1).toMatch(/^开始《学习行政复议法S1》学法测验：共3题[\s\S]*\n\n第1\/3题/)
    const [q2] = await say(rightReply(q1!), 1)
    expect(q2).toMatch(/^✅ 回答正确[\s\S]*\n\n第2\/3题/)
    const [q3] = await say(wrongReply(q2!).toLowerCase(), 1) // a multiple answer with one option missing, typed in lower case
    expect(q3).toMatch(/^❌ 回答错误。正确答案：[\s\S]*\n\n第3\/3题/)
    const [end] = await say(rightReply(q3!) === '对' ? '√' : '×', 1)
    expect(end).toContain('依据：《中华人民共和国行政复议法》第二十条')
    expect(end).toMatch(/\n\n测验完成！得分 66.7 分（60分及格），合格 🎉$/)
    expect(heard).toHaveLength(4)
  })

  it('answers partly, then is refused after the deadline', async () => {
    await quiz(1)
    const [q1] = await say('答题', 1)
    await say(rightReply(q1!), 1)
    clock.advanceMinutes(62)
    const [late] = await say('ACD', 1)
    expect(late).toContain('学法测验已于')
    expect(late).toContain('截止，无法再作答')
    expect(late).toMatch(/\n\n本次测验已截止：共3题，已答1题，未答的题目不计分，得分 33.3 分。$/)
  })

  it('times a 任前 exam out half-way', async () => {
    await assignAppointmentExam(
      { db: t.db, clock, tz },
      { officialId: 'A001', proposedPost: '局长', opensAt: clock.now(), minutes: 20, blueprint: { single: 2, multiple: 0, judge: 2 } },
      { actor: 'test' },
    )
    const [q1] = await say('任前考试', 1)
    expect(q1).toContain('共4题，限时20分钟')
    const [q2] = await say(rightReply(q1!), 1)
    expect(q2).toMatch(/^已记录第1\/4题的答案。\n\n第2\/4题/)
    await say(rightReply(q2!), 1)
    clock.advanceMinutes(21)
    expect(await say('对', 1)).toEqual([
      [
        '考试时间已到：共4题，已答2题，未作答的题目记0分。',
        '任前法律知识考试成绩：50 分（60分及格），未通过。',
        '按规定可补考一次。准备好后请私聊发送“任前考试”开始补考。',
      ].join('\n\n'),
    ])
  })

  it('sends the notice with the whole quiz in one message, and takes the whole quiz in one message in every form', async () => {
    // four sessions, four notices, each with its quiz's number
    const quizzes = ['Q1', 'Q2', 'Q3', 'Q4']
    for (const [i, id] of quizzes.entries()) await quiz(60 + i, id, ['S01', 'J01', 'S02', 'J02', 'M01'])
    const notices: string[] = []
    for (const id of quizzes) {
      const received = await notice(id)
      expect(received).toHaveLength(1)
      expect(received[0]).toContain(`「学习行政复议法${id}」`)
      expect(received[0]).toContain('共5题')
      notices.push(received[0]!)
    }
    const right = notices.map(rightAnswers)
    const forms = [
      // numbered
      right[0]!.map((a, i) => `${i + 1}${a}`).join(' '),
      // numbered, full-width, lower case, commas
      right[1]!.map((a, i) => `${String.fromCharCode(0xff11 + i)}、${a.toLowerCase()}`).join('，'),
      // separated, √ / ×
      right[2]!.map((a) => (a === '对' ? '√' : a === '错' ? '×' : a)).join(' '),
      // the run: one character per question (the multiple-choice question gets one letter: wrong)
      right[3]!.map((a) => a[0]).join(''),
    ]
    const scores = ['100', '100', '100', '80']
    // four quizzes wait: an answer without the quiz's number records nothing and says the numbers
    const tags = notices.map((n) => /【会前测验 #(\d+)】/.exec(n)![1]!)
    const [which] = await say(forms[0]!, 1)
    expect(which).toContain(`你有4个会前测验待完成：#${tags[0]}《学习行政复议法Q1》`)
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM attempts')).rows[0]!.n).toBe(0)
    // out of the order of their deadlines: the number says which
    for (const i of [2, 0, 1, 3]) {
      const form = forms[i]!
      // the number in front (full-width once); the last quiz left needs none
      const tagged = i === 3 ? form : i === 1 ? `＃${tags[i]} ${form}` : `#${tags[i]} ${form}`
      const [result, ...more] = await say(tagged, 1)
      expect(more).toEqual([])
      expect(result).toContain(`《学习行政复议法${quizzes[i]}》测验完成！得分 ${scores[i]} 分`)
      expect(result!.split('\n').filter((l) => /^\d\. (✅|❌)/.test(l))).toHaveLength(5)
    }
    const rows = await t.db.execute(
      "SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.official_id = 'A001'",
    )
    expect(rows.rows[0]!.n).toBe(20)
  })

  it('a partial whole-quiz answer records nothing; a repeated one is told the quiz is finished', async () => {
    await quiz(60, 'S1', ['S01', 'J01', 'S02', 'J02', 'M01'])
    const right = rightAnswers((await notice('S1'))[0]!)
    expect(await say(`1${right[0]} 2${right[1]}`, 1)).toEqual([quizCopy.wholeMissing([3, 4, 5], 5)])
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM attempts')).rows[0]!.n).toBe(0)
    const whole = right.map((a, i) => `${i + 1}${a}`).join(' ')
    expect((await say(whole, 1))[0]).toContain('得分 100 分')
    expect(await say(whole, 1)).toEqual([quizCopy.alreadyDone('学习行政复议法S1', 100, true)])
    expect((await t.db.execute('SELECT COUNT(*) AS n FROM answers')).rows[0]!.n).toBe(5)
  })
})
