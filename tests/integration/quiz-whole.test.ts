/**
 * Message economy: the material notice carries the whole quiz in each person's layout, the whole quiz is
 * answered in one message with one reply, and the one-at-a-time mode sends one message per reply — counted
 * through the real chat router and the real outbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { registerExamCommands } from '../../src/chat/commands/exam.js'
import { updateSession } from '../../src/sessions/sessions.service.js'
import { sessionCapacity } from '../../src/sessions/capacity.service.js'
import { findSession } from '../../src/sessions/sessions.repo.js'
import { sendMaterials } from '../../src/sessions/steps.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { quizCopy } from '../../src/quizzes/copy.zh.js'
import { attemptLayout } from '../../src/quizzes/layout.rules.js'
import { findQuestions } from '../../src/quizzes/questions.repo.js'
import { findQuizBySession, listQuizQuestionIds } from '../../src/quizzes/quizzes.repo.js'
import { enqueueJobStatement, listSessionJobs } from '../../src/jobs/jobs.repo.js'
import { silentLogger } from '../../src/log.js'
import { checkLink } from '../../src/access/links.service.js'
import { createHttpApp } from '../../src/http/app.js'
import { loadConfig } from '../../src/config.js'
import type { OutboundMessage, Recipient } from '../../src/delivery/channel.js'
import { addSession, bindDirectly, createChatHarness, local, rows, TZ, type ChatHarness } from '../helpers/chat.js'
import { rightReply, seedQuestions, shownLetterOf } from './quiz-fixtures.js'

const CREATED = '2020-01-01T00:00:00.000Z'
/** the quiz: single, multiple, judge (对), single, judge (错) */
const QUESTIONS = ['S01', 'M01', 'J01', 'S02', 'J02']

let h: ChatHarness
beforeEach(async () => {
  h = await createChatHarness('2024-03-05T00:00:00.000Z')
  h.chat.registerChatFeature(registerQuizCommands)
  h.chat.registerChatFeature(registerExamCommands)
  await seedQuestions(h.db)
  // more people in 司法局, each bound to wx-<id>
  for (const id of ['A003', 'A004', 'A005', 'A006', 'A007'])
    await h.db.execute({
      sql: `INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES (?, ?, 'SFJ', ?, ?)`,
      args: [id, `干部${id}`, CREATED, CREATED],
    })
  for (const id of ['A001', 'A003', 'A004', 'A005', 'A006', 'A007']) await bindDirectly(h.db, id, `wx-${id.toLowerCase()}`)
})
afterEach(() => h.cleanup())

async function sessionWithQuiz(id: string, spec: Record<string, unknown> = {}): Promise<void> {
  await addSession(h.db, { id, startsAt: '2024-03-05 15:00', title: '学习行政复议法' })
  await updateSession(
    { db: h.db, clock: h.clock, tz: TZ },
    id,
    { quiz: quizSpecSchema.parse({ questionIds: QUESTIONS, shuffleQuestions: true, ...spec }) },
    { actor: 'test' },
  )
}

interface Planned {
  to: Recipient
  message: OutboundMessage
}

/** Runs the session's materials step and returns the outbox rows it planned, in sending order. */
async function runMaterials(sessionId: string, linkBaseUrl?: string): Promise<Planned[]> {
  await h.db.execute(
    enqueueJobStatement({ kind: 'session.materials', dueAt: h.clock.now().toISOString(), payload: { sessionId }, sessionId }, CREATED),
  )
  const job = (await listSessionJobs(h.db, sessionId)).find((j) => j.kind === 'session.materials')!
  await sendMaterials({ sessionId }, job, { db: h.db, clock: h.clock, tz: TZ, logger: silentLogger, linkBaseUrl })
  const planned = await rows<{ message_json: string }>(h.db, 'SELECT message_json FROM deliveries ORDER BY id')
  return planned.map((r) => JSON.parse(r.message_json) as Planned)
}

const to = (planned: Planned[], officialId: string) =>
  planned.filter((p) => p.to.kind === 'official' && p.to.officialId === officialId).map((p) => p.message.text)

/** The question blocks of a notice, by number: `3.（判断题）题目J01`. */
function questionsIn(notice: string): string[] {
  return notice.split('\n\n').filter((b) => /^\d+\.（/.test(b))
}

/** The right answer to each question of a notice, in the person's letters (对/错 for judge questions). */
function rightAnswers(notice: string): string[] {
  return questionsIn(notice).map(rightReply)
}

const send = (text: string, officialId: string, id?: string) =>
  h.send(text, { contactId: `wx-${officialId.toLowerCase()}`, ...(id ? { id } : {}) })

async function answersOf(officialId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    h.db,
    `SELECT COUNT(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE t.official_id = :o`,
    { o: officialId },
  )
  return r!.n
}

describe('the notice carries the whole quiz', () => {
  it('in one message, in each person’s own layout — the layout the attempt opened later gets', async () => {
    await sessionWithQuiz('S1')
    const planned = await runMaterials('S1')
    const [notice, ...more] = to(planned, 'A003')
    expect(more).toEqual([])
    expect(notice).toContain('【会前学法】')
    expect(notice).toContain('共5题')
    expect(notice).toContain('1A 2BC 3对')
    expect(notice).toContain('回复「答题」则一次一题作答')
    expect(questionsIn(notice!)).toHaveLength(5)
    // each person sees their own order: the seeds differ
    const orders = ['A001', 'A003', 'A004', 'A005', 'A006', 'A007'].map((id) => questionsIn(to(planned, id)[0]!).join('|'))
    expect(new Set(orders).size).toBeGreaterThan(1)

    // 答题 opens attempt 1 with the same layout the notice rendered (same seed, same inputs)
    const [first] = await send('答题', 'A003')
    const [stored] = await rows<{ layout_json: string }>(h.db, "SELECT layout_json FROM attempts WHERE official_id = 'A003'")
    const quiz = (await findQuizBySession(h.db, 'S1'))!
    const ids = await listQuizQuestionIds(h.db, quiz.id)
    const qs = await findQuestions(h.db, ids)
    const expected = attemptLayout(
      quiz,
      'A003',
      1,
      ids.map((id) => ({ id, type: qs.get(id)!.type, optionCount: qs.get(id)!.options.length })),
    )
    expect(JSON.parse(stored!.layout_json)).toEqual(expected)
    // the attempt's order is the notice's own (not only what attemptLayout computes again)
    const noticeOrder = questionsIn(notice!).map((b) => /题目([SMJ]\d+)/.exec(b)![1])
    expect((JSON.parse(stored!.layout_json) as { items: { q: string }[] }).items.map((i) => i.q)).toEqual(noticeOrder)
    // and the first question shown one at a time is the notice's first, with its options in the same order
    const options = (text: string) => text.split('\n').filter((l) => /^[A-F]\. /.test(l))
    expect(options(first!)).toEqual(options(questionsIn(notice!)[0]!))
    expect(first).toContain(/题目[SMJ]\d+/.exec(questionsIn(notice!)[0]!)![0])
  })

  it('carries the person’s own link under the heading, and the page behind it shows the notice’s letters', async () => {
    await sessionWithQuiz('S1')
    const planned = await runMaterials('S1', 'https://xuefa.example.gov.cn')
    const [notice, ...more] = to(planned, 'A003')
    expect(more).toEqual([])
    const lines = notice!.split('\n\n')
    expect(lines[1]).toMatch(/^在手机上阅读全文并作答：https:\/\/xuefa\.example\.gov\.cn\/m\/[\w-]+\.[\w-]{22}$/)
    const path = lines[1]!.slice(lines[1]!.indexOf('/m/'))
    expect(await checkLink(h.db, path.slice(3), h.clock.now())).toMatchObject({
      ok: true,
      claims: { officialId: 'A003', purpose: 'session', ref: 'S1' },
    })
    // another person's notice carries another link
    expect(to(planned, 'A004')[0]).not.toContain(path)
    // the page renders the same quiz in the same letters
    const app = createHttpApp({
      db: h.db,
      clock: h.clock,
      config: loadConfig({ XUEFA_BOT: 'off', XUEFA_TZ: TZ }),
      logger: silentLogger,
    })
    const html = await (await app.request(path)).text()
    const blocks = questionsIn(notice!)
    expect(blocks).toHaveLength(QUESTIONS.length) // every question of the notice is checked on the page below
    for (const block of blocks) {
      const title = /题目[SMJ]\d+/.exec(block)![0]
      const options = block
        .split('\n')
        .filter((l) => /^[A-F]\. /.test(l))
        .map((l) => l.replace(/^([A-F])\. /, '$1. '))
      const at = html.indexOf(title)
      expect(at).toBeGreaterThan(0)
      const region = html
        .slice(at, at + 3000)
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
      for (const o of options) expect(region).toContain(o.replace(/\s+/g, ' '))
    }
  })

  it('group robots carry no copy of it: a unit hears only of its people the bot cannot reach, by name', async () => {
    await h.db.execute({
      sql: `INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES (7, 'SFJ', 'wecom', 'http://127.0.0.1:1/x', NULL, ?)`,
      args: [CREATED],
    })
    await sessionWithQuiz('S1')
    let planned = await runMaterials('S1')
    // 李四 (A002) is not bound: the group is told, naming him; the bound get it in private
    const group = planned.filter((p) => p.to.kind === 'robot')
    expect(group).toHaveLength(1)
    expect(group[0]!.to).toEqual({ kind: 'robot', robotId: 7, mentionOfficialIds: ['A002'] })
    expect(group[0]!.message.text).toMatch(/^李四：\n【会前学法】/)
    expect(to(planned, 'A002')).toEqual([])

    // everyone bound: no group message at all
    await bindDirectly(h.db, 'A002', 'wx-a002')
    await h.db.execute('DELETE FROM deliveries')
    await sessionWithQuiz('S2')
    planned = await runMaterials('S2')
    expect(planned.filter((p) => p.to.kind === 'robot')).toEqual([])
    expect(planned.filter((p) => p.to.kind === 'official')).toHaveLength(7)
  })

  it('splits a notice longer than one WeChat message into as few as the limit allows, in order', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `第${i + 1}段。${'依法行政'.repeat(30)}`).join('\n\n')
    await h.db.execute({
      sql: `INSERT INTO materials (id, slug, title, body_md, created_at, updated_at) VALUES (1, 'xzfy', '行政复议法学习材料', :body, :c, :c)`,
      args: { body: long, c: CREATED },
    })
    await sessionWithQuiz('S1')
    await h.db.execute("INSERT INTO session_materials (session_id, material_id) VALUES ('S1', 1)")
    const parts = to(await runMaterials('S1'), 'A001')
    // 30 × 125 characters of material and the quiz: more than one 1,800-character message, fewer than three
    expect(parts.length).toBe(3)
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(1800)
    expect(parts[0]).toMatch(/^【会前学法】/)
    expect(parts.join('\n\n')).toContain('第30段')
    expect(questionsIn(parts.join('\n\n'))).toHaveLength(5)
  })
})

describe('the capacity model counts the notice as the materials step writes it', () => {
  const capacity = async (id: string) =>
    sessionCapacity({ db: h.db, clock: h.clock, tz: TZ, accounts: ['default'] }, (await findSession(h.db, id))!)
  const bound = async () => (await rows<{ n: number }>(h.db, 'SELECT count(*) AS n FROM chat_bindings'))[0]!.n

  it('a 5-question quiz with its link: one message a person, as assumed', async () => {
    await sessionWithQuiz('S1')
    const r = await capacity('S1') // before the notice is written
    const planned = await runMaterials('S1', 'https://xuefa.example.gov.cn')
    expect(r.bound).toBe(await bound())
    expect(r.messages.notices).toBe(planned.length)
    expect(r.assumptions.noticeParts).toBe(1)
  })

  it('a 40-question quiz does not fit one message: the model counts every part the outbox will send', async () => {
    // 40 questions of the usual length: the stem a sentence, four options of a phrase each
    const ids = Array.from({ length: 40 }, (_, i) => `X${String(i + 1).padStart(2, '0')}`)
    await h.db.batch(
      ids.map((id, i) => ({
        sql: `INSERT INTO questions (id, type, stem, options_json, answer, explanation, law_title, article, source, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, '', '中华人民共和国行政处罚法', '第一条', 'import', ?, ?)`,
        args: [
          id,
          i < 30 ? 'single' : 'judge',
          `根据《中华人民共和国行政处罚法》，下列关于行政处罚的说法哪一项是正确的（${id}）`,
          JSON.stringify(i < 30 ? ['行政机关可以自行设定', '应当遵循公正公开原则', '不需要告知当事人', '可以不听取陈述申辩'] : []),
          i < 30 ? 'B' : 'T',
          CREATED,
          CREATED,
        ],
      })),
    )
    await sessionWithQuiz('S1', { questionIds: ids })
    const r = await capacity('S1') // before the notice is written
    const planned = await runMaterials('S1', 'https://xuefa.example.gov.cn')
    const parts = to(planned, 'A001').length
    expect(parts).toBeGreaterThan(1)
    expect(r.assumptions.noticeParts).toBe(parts)
    expect(r.messages.notices).toBe(planned.length)
    expect(r.longestFanoutMs).toBe(planned.length * r.pacing.meanIntervalMs)
  })
})

describe('the whole quiz in one message', () => {
  beforeEach(async () => {
    await sessionWithQuiz('S1')
  })

  it('takes every accepted form, with one reply: the score and each question’s verdict, explanation and article', async () => {
    const planned = await runMaterials('S1')
    const forms: [string, (right: string[]) => string, number][] = [
      // numbered
      ['A001', (r) => r.map((a, i) => `${i + 1}${a}`).join(' '), 100],
      // numbered, full-width, lower case, commas, in reverse order
      [
        'A003',
        (r) =>
          r
            .map((a, i) => `${String.fromCharCode(0xff11 + i)}．${a.toLowerCase()}`)
            .reverse()
            .join('，'),
        100,
      ],
      // separated, judge questions as √ / ×
      ['A004', (r) => r.map((a) => (a === '对' ? '√' : a === '错' ? '×' : a)).join(' '), 100],
      // the run ABCDA: one character per question, so the multiple-choice question gets one letter (wrong)
      ['A005', (r) => r.map((a) => a[0]).join(''), 80],
    ]
    for (const [id, form, score] of forms) {
      const notice = to(planned, id)[0]!
      const replies = await send(form(rightAnswers(notice)), id)
      expect(replies).toHaveLength(1)
      const [reply] = replies
      expect(reply).toContain(`得分 ${score} 分`)
      expect(reply!.split('\n').filter((l) => /^\d\. (✅|❌)/.test(l))).toHaveLength(5)
      expect(reply).toMatch(/✅ 解析[SMJ]\d+（/)
      expect(reply).toContain('《中华人民共和国行政复议法》第二十条')
      expect(await answersOf(id)).toBe(5)
    }
    const attempts = await rows(h.db, 'SELECT official_id, attempt_no, state, score FROM attempts ORDER BY official_id')
    expect(attempts).toEqual([
      { official_id: 'A001', attempt_no: 1, state: 'finished', score: 100 },
      { official_id: 'A003', attempt_no: 1, state: 'finished', score: 100 },
      { official_id: 'A004', attempt_no: 1, state: 'finished', score: 100 },
      { official_id: 'A005', attempt_no: 1, state: 'finished', score: 80 },
    ])
  })

  it('a wrong answer shows the right one in the person’s letters', async () => {
    const notice = to(await runMaterials('S1'), 'A001')[0]!
    const blocks = questionsIn(notice)
    const right = rightAnswers(notice)
    // the first question answered wrong: a single-choice one gets 甲, a judge one the opposite, a multiple one 甲 alone
    const wrong = /题目S/.test(blocks[0]!)
      ? shownLetterOf(blocks[0]!, '甲')
      : /题目J/.test(blocks[0]!)
        ? right[0] === '对'
          ? '错'
          : '对'
        : shownLetterOf(blocks[0]!, '甲')
    const [reply] = await send([wrong, ...right.slice(1)].map((a, i) => `${i + 1}${a}`).join(' '), 'A001')
    expect(reply).toContain(`1. ❌ 正确答案 ${right[0]}`)
    expect(reply).toContain('得分 80 分')
  })

  it('a partial answer names what is missing and records nothing; the whole answer then counts', async () => {
    const right = rightAnswers(to(await runMaterials('S1'), 'A001')[0]!)
    expect(await send(`1${right[0]} 3${right[2]}`, 'A001')).toEqual([quizCopy.wholeMissing([2, 4, 5], 5)])
    expect(await rows(h.db, 'SELECT COUNT(*) AS n FROM attempts')).toEqual([{ n: 0 }])
    expect(await send(right.slice(0, 2).join(' '), 'A001')).toEqual([quizCopy.wholeMissing([3, 4, 5], 5)])
    // no question has an option E (nor is E a judge answer): the hint names question 2
    const [hint] = await send(`1${right[0]} 2E 3${right[2]} 4${right[3]} 5${right[4]}`, 'A001')
    expect(hint).toMatch(/^第2题.*本次未记录/)
    expect(await answersOf('A001')).toBe(0)
    const [reply] = await send(right.map((a, i) => `${i + 1}${a}`).join(' '), 'A001')
    expect(reply).toContain('得分 100 分')
  })

  it('a message delivered twice is processed once; the same answer sent again is told the quiz is finished', async () => {
    const right = rightAnswers(to(await runMaterials('S1'), 'A001')[0]!)
    const text = right.map((a, i) => `${i + 1}${a}`).join(' ')
    expect(await send(text, 'A001', 'twice-1')).toHaveLength(1)
    expect(await send(text, 'A001', 'twice-1')).toEqual([])
    expect(await send(text, 'A001')).toEqual([quizCopy.alreadyDone('学习行政复议法', 100, true)])
    expect(await answersOf('A001')).toBe(5)
    expect(await rows(h.db, "SELECT COUNT(*) AS n FROM attempts WHERE official_id = 'A001'")).toEqual([{ n: 1 }])
  })

  it('in the one-at-a-time mode, a letter answers the current question and the numbered form the rest', async () => {
    const notice = to(await runMaterials('S1'), 'A001')[0]!
    const right = rightAnswers(notice)
    const [q1] = await send('答题', 'A001')
    const [feedback] = await send(rightReply(q1!), 'A001')
    expect(feedback).toMatch(/^✅ 回答正确！[\s\S]*\n\n第2\/5题/)
    expect(await answersOf('A001')).toBe(1)
    // all five numbered: the first keeps its answer, the other four are recorded, one reply
    const replies = await send(right.map((a, i) => `${i + 1}${a}`).join(' '), 'A001')
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain('得分 100 分')
    expect(await answersOf('A001')).toBe(5)
  })
})

describe('several quizzes waiting', () => {
  /** S1 (学习行政复议法, shuffled) and S2 (学习民法典) both waiting for A001: the two notices A001 got */
  async function twoQuizzes(): Promise<{ first: string; second: string }> {
    await sessionWithQuiz('S1')
    await addSession(h.db, { id: 'S2', startsAt: '2024-03-05 16:00', title: '学习民法典' })
    await updateSession(
      { db: h.db, clock: h.clock, tz: TZ },
      'S2',
      { quiz: quizSpecSchema.parse({ questionIds: QUESTIONS }) },
      { actor: 'test' },
    )
    return { first: to(await runMaterials('S1'), 'A001')[0]!, second: to(await runMaterials('S2'), 'A001').at(-1)! }
  }
  const tagOf = (n: string) => Number(/【会前测验 #(\d+)】/.exec(n)![1])
  const numbered = (n: string) =>
    rightAnswers(n)
      .map((a, i) => `${i + 1}${a}`)
      .join(' ')

  it('takes the quiz’s number in front of the answer, and refuses to guess without it', async () => {
    const { first, second } = await twoQuizzes()
    const [which] = await send(numbered(second), 'A001')
    expect(which).toMatch(/^你有2个会前测验待完成：#\d+《学习行政复议法》.*、#\d+《学习民法典》/)
    expect(await send(`#999 ${numbered(second)}`, 'A001')).toEqual([quizCopy.noSuchQuiz(999)])
    // the second notice's quiz first, by its number
    expect((await send(`#${tagOf(second)} ${numbered(second)}`, 'A001'))[0]).toContain('《学习民法典》测验完成！得分 100 分')
    expect(await send(`#${tagOf(second)} ${numbered(second)}`, 'A001')).toEqual([quizCopy.alreadyDone('学习民法典', 100, true)])
    // one at a time in the first: an answer numbered for another quiz is refused
    await send('答题', 'A001')
    expect(await send(`#${tagOf(second)} ${numbered(second)}`, 'A001')).toEqual([quizCopy.finishOpenFirst('学习行政复议法')])
    expect((await send(`#${tagOf(first)} ${numbered(first)}`, 'A001'))[0]).toContain('《学习行政复议法》测验完成！得分 100 分')
    expect(await answersOf('A001')).toBe(10)
  })

  it('one quiz begun with 答题 and another waiting: a numbered answer without the number is not guessed to be the open one’s', async () => {
    const { first, second } = await twoQuizzes()
    await send('答题', 'A001') // opens 学习行政复议法 (the nearer deadline)
    // the second notice's answers, copied without its number: asked which quiz, nothing recorded
    const [which] = await send(numbered(second), 'A001')
    expect(which).toMatch(/^你有2个会前测验待完成：#\d+《学习行政复议法》.*、#\d+《学习民法典》/)
    expect(await answersOf('A001')).toBe(0)
    // with the open quiz's number it is taken
    expect((await send(`#${tagOf(first)} ${numbered(first)}`, 'A001'))[0]).toContain('《学习行政复议法》测验完成！得分 100 分')
    expect(await answersOf('A001')).toBe(5)
  })
})

describe('how many messages one official receives for a 5-question session', () => {
  beforeEach(async () => {
    await sessionWithQuiz('S1')
  })

  it('whole quiz: the notice, the 签到 reply and one result — 3', async () => {
    const planned = await runMaterials('S1')
    const notice = to(planned, 'A001')
    h.clock.set(local('2024-03-05 14:50'))
    const checkin = await send('签到', 'A001')
    const result = await send(
      rightAnswers(notice[0]!)
        .map((a, i) => `${i + 1}${a}`)
        .join(' '),
      'A001',
    )
    expect({ notice: notice.length, checkin: checkin.length, result: result.length }).toEqual({ notice: 1, checkin: 1, result: 1 })
  })

  it('one question at a time: the notice, then 答题 and five answers — one message each, 6 for the quiz', async () => {
    const planned = await runMaterials('S1')
    let received = to(planned, 'A001').length
    let last = await send('答题', 'A001')
    received += last.length
    for (let i = 0; i < 5; i++) {
      last = await send(rightReply(last[0]!.split('\n\n').at(-1)!), 'A001')
      received += last.length
    }
    expect(last[0]).toContain('测验完成！得分 100 分')
    expect(received).toBe(1 + 6)
  })
})
