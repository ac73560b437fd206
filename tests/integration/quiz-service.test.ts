import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { startOrResumeQuiz } from '../../src/answering/quiz-start.service.js'
import { answerCurrentQuestion, closeExpiredAttempts } from '../../src/answering/answering.service.js'
import { correctAnswer } from '../../src/answering/corrections.service.js'
import { retireQuestion } from '../../src/quizzes/questions.service.js'
import { quizSpecSchema, type QuizSpec } from '../../src/quizzes/quiz.schema.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { addQuizTo, rightReply, seedQuestions, seedRoster, wrongReply } from './quiz-fixtures.js'

const tz = 'Asia/Shanghai'
let t: TestDb
let clock: ManualClock
const deps = () => ({ db: t.db, clock, tz })

beforeEach(async () => {
  clock = new ManualClock('2024-03-04T01:00:00Z')
  t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db)
})
afterEach(() => t.cleanup())

async function sessionWithQuiz(spec: QuizSpec, id = 'S1'): Promise<number> {
  await createSession(
    deps(),
    {
      id,
      kind: 'pre_meeting',
      title: '学习行政复议法',
      startsAt: new Date('2024-03-05T01:00:00Z'),
      unitCode: 'PL',
      laws: ['中华人民共和国行政复议法'],
    },
    { actor: 'test' },
  )
  return (await addQuizTo(t.db, id, quizSpecSchema.parse(spec), clock)).quizId
}

async function rows(sql: string, args: (string | number)[] = []) {
  return (await t.db.execute({ sql, args })).rows
}

/** Answers every question with `reply(questionText)` and returns every text the bot said. */
async function answerAll(officialId: string, first: string, reply: (q: string) => string): Promise<string[]> {
  const said: string[] = []
  let question = first
  for (;;) {
    const out = await answerCurrentQuestion(deps(), officialId, reply(question))
    expect(out).not.toBeNull()
    said.push(...out!)
    const next = out!.find((s) => /^第\d+\/\d+题/.test(s))
    if (!next) return said
    question = next
  }
}

describe('a session quiz in chat', () => {
  it('is answered fully: one question at a time, feedback with explanation and article, then score and pass', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'M01', 'J01', 'J02'] })
    const start = await startOrResumeQuiz(deps(), 'A001')
    expect(start[0]).toContain('开始《学习行政复议法》学法测验：共4题，60分及格')
    expect(start[1]).toMatch(/^第1\/4题（单选题）题目S01/)
    const said = await answerAll('A001', start[1]!, rightReply)
    expect(said[0]).toContain('✅ 回答正确')
    expect(said[0]).toContain('解析：解析S01')
    expect(said[0]).toContain('依据：《中华人民共和国行政复议法》第二十条')
    expect(said.at(-1)).toBe('测验完成！得分 100 分（60分及格），合格 🎉')
    const [attempt] = await rows('SELECT state, score, passed FROM attempts')
    expect(attempt).toMatchObject({ state: 'finished', score: 100, passed: 1 })
    // stored in the question's own letters whatever the person saw
    expect(
      (await rows('SELECT question_id, given, is_correct FROM answers ORDER BY position')).map((r) => [
        r.question_id,
        r.given,
        r.is_correct,
      ]),
    ).toEqual([
      ['S01', 'B', 1],
      ['M01', 'ACD', 1],
      ['J01', 'T', 1],
      ['J02', 'F', 1],
    ])
    expect(await startOrResumeQuiz(deps(), 'A001')).toEqual(['你已完成《学习行政复议法》学法测验，得分 100 分，合格。'])
  })

  it("grades shuffled options against the canonical answer and shows the right answer in the person's letters", async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'S02', 'S03', 'M01', 'M02'] })
    const seen = new Map<string, string[]>()
    for (const who of ['A001', 'A002', 'A003']) {
      const start = await startOrResumeQuiz(deps(), who)
      const said = await answerAll(who, start[1]!, (q) => {
        seen.set(who, [...(seen.get(who) ?? []), q.split('\n').slice(1, 5).join('|')])
        return wrongReply(q)
      })
      const wrongs = said.filter((s) => s.startsWith('❌'))
      expect(wrongs).toHaveLength(5) // a multiple answer with one option missing is wrong
      expect(said.at(-1)).toContain('得分 0 分')
    }
    // the three people did not all see the same option order
    expect(new Set([...seen.values()].map((v) => v.join('/'))).size).toBeGreaterThan(1)
    const given = await rows(`SELECT DISTINCT given FROM answers WHERE question_id = 'M01'`)
    expect(given.map((r) => r.given)).toEqual(['AC'])
  })

  it('tells the right answer in the letters the person saw', async () => {
    await sessionWithQuiz({ questionIds: ['S01'] })
    const [, q] = await startOrResumeQuiz(deps(), 'A002')
    const out = await answerCurrentQuestion(deps(), 'A002', wrongReply(q!))
    expect(out![0]).toContain(`❌ 回答错误。正确答案：${rightReply(q!)}`)
  })

  it('is answered partly, then refused politely after the deadline; unanswered questions earn nothing', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'M01', 'J01', 'J02'], deadlineMinutes: 60 })
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    const after1 = await answerCurrentQuestion(deps(), 'A001', rightReply(q1!))
    await answerCurrentQuestion(deps(), 'A001', rightReply(after1![1]!))
    clock.set('2024-03-05T02:00:01Z')
    const late = await answerCurrentQuestion(deps(), 'A001', '对')
    expect(late).toEqual([
      '抱歉，《学习行政复议法》学法测验已于3月5日 10:00截止，无法再作答。如有特殊情况请联系组织者。',
      '本次测验已截止：共4题，已答2题，未答的题目不计分，得分 50 分。',
    ])
    expect((await rows('SELECT state, score FROM attempts'))[0]).toMatchObject({ state: 'expired', score: 50 })
    expect(await rows('SELECT COUNT(*) AS n FROM answers')).toMatchObject([{ n: 2 }])
    expect(await answerCurrentQuestion(deps(), 'A001', '对')).toBeNull()
    expect((await startOrResumeQuiz(deps(), 'A003'))[0]).toContain('已于3月5日 10:00截止')
  })

  it('lets the scheduler close attempts whose deadline passed', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'J01'], deadlineMinutes: 30 })
    await startOrResumeQuiz(deps(), 'A003')
    expect(await closeExpiredAttempts(deps())).toEqual([])
    clock.set('2024-03-05T02:00:00Z')
    const closed = await closeExpiredAttempts(deps())
    expect(closed).toMatchObject([{ officialId: 'A003', isExam: false }])
    expect(closed[0]!.texts[1]).toContain('已答0题')
    expect(await closeExpiredAttempts(deps())).toEqual([])
  })

  it('resumes where the person stopped', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'J01'] })
    const [, q1] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', rightReply(q1!))
    const again = await startOrResumeQuiz(deps(), 'A001')
    expect(again[0]).toBe('继续《学习行政复议法》学法测验（已答1/2题）。')
    expect(again[1]).toMatch(/^第2\/2题（判断题）题目J01/)
  })

  it.each([
    ['best', 2],
    ['last', 2],
  ] as const)('allows a retake under retakes=%s', async (retakes, attemptsAfter) => {
    await sessionWithQuiz({ questionIds: ['S01', 'J01'], retakes })
    const [, q] = await startOrResumeQuiz(deps(), 'A001')
    const said = await answerAll('A001', q!, wrongReply)
    expect(said.at(-1)).toContain('回复“答题”可再做一次')
    const retake = await startOrResumeQuiz(deps(), 'A001')
    expect(retake[0]).toContain('开始《学习行政复议法》学法测验')
    await answerAll('A001', retake[1]!, rightReply)
    const attempts = await rows('SELECT attempt_no, score FROM attempts ORDER BY attempt_no')
    expect(attempts.map((r) => [r.attempt_no, r.score])).toEqual([
      [1, 0],
      [attemptsAfter, 100],
    ])
  })

  it('counts one attempt when retakes are not allowed', async () => {
    await sessionWithQuiz({ questionIds: ['J01'] })
    const [, q] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', wrongReply(q!))
    expect(await startOrResumeQuiz(deps(), 'A001')).toEqual(['你已完成《学习行政复议法》学法测验，得分 0 分，不合格。'])
    expect(await rows('SELECT COUNT(*) AS n FROM attempts')).toMatchObject([{ n: 1 }])
  })

  it('gives hints for unusable answers and lets other texts fall through', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'J01'] })
    expect(await answerCurrentQuestion(deps(), 'A001', 'A')).toBeNull() // nothing started yet
    await startOrResumeQuiz(deps(), 'A001')
    expect(await answerCurrentQuestion(deps(), 'A001', '我的学法')).toBeNull()
    expect(await answerCurrentQuestion(deps(), 'A001', 'AB')).toEqual(['本题为单选题，请只回复一个选项字母，如 A'])
    expect(await answerCurrentQuestion(deps(), 'A001', 'E')).toEqual(['没有选项 E，本题的选项为 A–D，请重新回复。'])
    expect(await rows('SELECT COUNT(*) AS n FROM answers')).toMatchObject([{ n: 0 }])
  })

  it('is only for its audience', async () => {
    await sessionWithQuiz({ questionIds: ['S01'] })
    expect(await startOrResumeQuiz(deps(), 'B001')).toEqual(['目前没有需要作答的学法测验。'])
    expect((await startOrResumeQuiz(deps(), 'A002'))[0]).toContain('开始《学习行政复议法》') // a unit below the organizer
  })

  it('draws deterministically from the session laws and never draws retired questions', async () => {
    await retireQuestion(deps(), 'S01', { actor: 'test' })
    const spec = quizSpecSchema.parse({ draw: { count: 20 } })
    await createSession(
      deps(),
      {
        id: 'S2',
        kind: 'pre_meeting',
        title: 'x',
        startsAt: new Date('2024-03-05T01:00:00Z'),
        unitCode: 'PL',
        laws: ['中华人民共和国行政复议法'],
      },
      { actor: 't' },
    )
    await createSession(
      deps(),
      { id: 'S3', kind: 'pre_meeting', title: 'y', startsAt: new Date('2024-03-05T01:00:00Z'), unitCode: 'PL' },
      { actor: 't' },
    )
    const drawn = await addQuizTo(t.db, 'S2', spec, clock)
    expect(drawn.questionIds).not.toContain('S01')
    expect(drawn.questionIds).toHaveLength(9)
    expect(drawn.shortfall).toBe(11)
    const again = await addQuizTo(t.db, 'S3', quizSpecSchema.parse({ draw: { count: 3, seed: 'S2' } }), clock)
    expect(again.questionIds).toEqual(drawn.questionIds.slice(0, 3))
    await expect(addQuizTo(t.db, 'S2', spec, clock)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(addQuizTo(t.db, 'S3', quizSpecSchema.parse({ questionIds: ['S02'] }), clock)).rejects.toMatchObject({
      code: 'CONFLICT',
    })
  })

  it('keeps past answers of a retired question and refuses it in a fixed list', async () => {
    await sessionWithQuiz({ questionIds: ['S01'] })
    const [, q] = await startOrResumeQuiz(deps(), 'A001')
    await answerCurrentQuestion(deps(), 'A001', rightReply(q!))
    await retireQuestion(deps(), 'S01', { actor: 'test' })
    expect(await rows(`SELECT question_id, is_correct FROM answers`)).toMatchObject([{ question_id: 'S01', is_correct: 1 }])
    await createSession(
      deps(),
      { id: 'S9', kind: 'lecture', title: 'z', startsAt: new Date('2024-03-06T01:00:00Z'), unitCode: 'PL' },
      { actor: 't' },
    )
    await expect(addQuizTo(t.db, 'S9', quizSpecSchema.parse({ questionIds: ['S01'] }), clock)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })

  it('corrects an answer with a new revision, who and why, and rescores', async () => {
    await sessionWithQuiz({ questionIds: ['S01', 'J01'] })
    const [, q] = await startOrResumeQuiz(deps(), 'A001')
    await answerAll('A001', q!, wrongReply)
    const [attempt] = await rows('SELECT id, score FROM attempts')
    expect(attempt!.score).toBe(0)
    const result = await correctAnswer(
      deps(),
      { attemptId: Number(attempt!.id), position: 1, isCorrect: true, reason: '题目有歧义，按正确计' },
      { actor: 'token:3' },
    )
    expect(result.score).toBe(50)
    expect(
      (
        await rows(
          'SELECT position, revision, is_correct, corrected_by, correction_reason FROM answers WHERE position = 1 ORDER BY revision',
        )
      ).map((r) => ({ ...r })),
    ).toEqual([
      { position: 1, revision: 0, is_correct: 0, corrected_by: null, correction_reason: null },
      { position: 1, revision: 1, is_correct: 1, corrected_by: 'token:3', correction_reason: '题目有歧义，按正确计' },
    ])
    expect((await rows('SELECT score FROM attempts'))[0]!.score).toBe(50)
    await expect(
      correctAnswer(deps(), { attemptId: Number(attempt!.id), position: 1, isCorrect: true, reason: ' ' }, { actor: 'x' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
