/**
 * Step 11: a 任前法律知识考试 assigned through the API and taken in chat — the first sitting failed on purpose
 * (wrong answers chosen while a pass is still possible), the make-up, offered by the bot, passed.
 */
import { formatLocalShortZh } from '../calendar.js'
import { examCopy, QUIZ_TRIGGERS } from '../quizzes/copy.zh.js'
import { currentQuestion } from './answer-key.js'
import { CANDIDATE, findDemoOfficial } from './county.js'
import { advanceTo, api, personOf, type DemoContext } from './context.js'
import { BOT_SAYS, DEMO_COPY as C } from './copy.zh.js'
import { isQuestion, paragraphs, scoreIn } from './quiz-taker.js'
import { DemoStepError } from './wechat.js'

export interface ExamSitting {
  attempt: number
  score: number
  passed: boolean
  right: number
  total: number
}

export interface ExamOutcome {
  officialId: string
  name: string
  proposedPost: string
  opensAt: Date
  questions: number
  sittings: ExamSitting[]
}

const DAY = 86_400_000
const isResult = (t: string) => t.startsWith(BOT_SAYS.examResult)
const isPass = (result: string) => result.includes(BOT_SAYS.examPassed)
/** the result, and after a fail the line about the make-up */
const sittingOver = (r: string[]) => {
  const result = r.find(isResult)
  return result !== undefined && (isPass(result) || r.some((t) => t !== result && t.includes(BOT_SAYS.examMakeupWord)))
}

async function sit(ctx: DemoContext, attempt: number, aim: 'fail' | 'pass'): Promise<ExamSitting> {
  const p = personOf(ctx, CANDIDATE.officialId)
  const [intro] = paragraphs(await ctx.world.ask(p, QUIZ_TRIGGERS.exam, (r) => paragraphs(r).some(isQuestion), 'the first exam question'))
  if (!intro || intro.startsWith(BOT_SAYS.examMakeupIntro) !== attempt > 1)
    throw new DemoStepError(`sitting ${attempt} did not start: "${intro}"`)
  let rightWeight = 0
  let wrongWeight = 0
  let right = 0
  for (let n = 1; ; n++) {
    const q = await currentQuestion(ctx.app.db, p.officialId, ctx.random)
    // to fail: never so many right that a pass becomes possible; to pass: never so many wrong that it is lost
    const answerRight =
      aim === 'fail'
        ? (rightWeight + q.weight) / q.totalWeight < 0.45 && ctx.random.chance(0.5)
        : (wrongWeight + q.weight) / q.totalWeight > 0.25 || ctx.random.chance(0.85)
    if (answerRight) {
      rightWeight += q.weight
      right++
    } else wrongWeight += q.weight
    ctx.clock.advance(ctx.random.int(10, 40) * 1000)
    const replies = paragraphs(
      await ctx.world.ask(
        p,
        answerRight ? q.right : q.wrong,
        (r) => paragraphs(r).some(isQuestion) || sittingOver(paragraphs(r)),
        `the next exam question after ${q.position}`,
      ),
    )
    if (replies[0] !== examCopy.answeredAck(q.position, q.total))
      throw new DemoStepError(`exam answer ${q.position} was not recorded: "${replies[0]}"`)
    const result = replies.find(isResult)
    if (result) return { attempt, score: scoreIn(result), passed: isPass(result), right, total: q.total }
    if (n > q.total) throw new DemoStepError(`the exam did not end after ${q.total} answers`)
  }
}

export async function runExam(ctx: DemoContext, opensAt: Date): Promise<ExamOutcome> {
  const candidate = findDemoOfficial(CANDIDATE.officialId)
  advanceTo(ctx, new Date(opensAt.getTime() - 7 * DAY))
  const assigned = await api<{ questions: number }>(ctx, 'POST', '/exams/appointment', {
    officialId: candidate.id,
    proposedPost: CANDIDATE.proposedPost,
    opensAt: opensAt.toISOString(),
    minutes: 60,
    passScore: 60,
  })
  ctx.say(C.step(11, C.examAssigned(candidate.name, CANDIDATE.proposedPost, formatLocalShortZh(opensAt, ctx.tz), assigned.questions)))

  advanceTo(ctx, new Date(opensAt.getTime() + 5 * 60_000))
  const first = await sit(ctx, 1, 'fail')
  if (first.passed) throw new DemoStepError(`the first sitting was meant to fail but scored ${first.score}`)
  ctx.say(C.detail(C.examSitting(C.firstSitting, String(first.score), first.passed)))

  advanceTo(ctx, new Date(opensAt.getTime() + 2 * DAY))
  const second = await sit(ctx, 2, 'pass')
  if (!second.passed) throw new DemoStepError(`the make-up was meant to pass but scored ${second.score}`)
  ctx.say(C.detail(C.examSitting(C.makeupSitting, String(second.score), second.passed)))
  return {
    officialId: candidate.id,
    name: candidate.name,
    proposedPost: CANDIDATE.proposedPost,
    opensAt,
    questions: assigned.questions,
    sittings: [first, second],
  }
}
