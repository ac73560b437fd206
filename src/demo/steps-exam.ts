/**
 * Step 11: a 任前法律知识考试 assigned through the API and taken on the mobile page — the candidate opens the link
 * of the assignment notice; the first sitting failed on purpose (wrong answers chosen while a pass is still
 * possible), the make-up, opened from the link in the result message, passed.
 */
import { formatLocalShortZh } from '../calendar.js'
import { CANDIDATE, findDemoOfficial } from './county.js'
import { advanceTo, api, openPage, personOf, runTimeline, type DemoContext } from './context.js'
import { BOT_SAYS, DEMO_COPY as C } from './copy.zh.js'
import { filledIn, knowledgeOf, scoreIn } from './quiz-taker.js'
import { formOnPage, linkIn } from './shown-quiz.js'
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

/**
 * One sitting on the page of `link`: 开始考试, then every answer chosen and 交卷 (as a phone without JavaScript
 * does: one form); the result comes back in chat, with the make-up's link after a fail.
 */
async function sitOnPage(
  ctx: DemoContext,
  link: string,
  attempt: number,
  aim: 'fail' | 'pass',
): Promise<ExamSitting & { next: string | null }> {
  const p = personOf(ctx, CANDIDATE.officialId)
  const intro = await openPage(ctx, link)
  if (intro.includes(BOT_SAYS.examMakeupIntro) !== attempt > 1) throw new DemoStepError(`the page did not offer sitting ${attempt}`)
  const start = formOnPage(intro, link)
  const form = formOnPage(await openPage(ctx, start.action, new URLSearchParams(start.hidden)), link)
  const total = form.questions.length
  if (total === 0) throw new DemoStepError(`sitting ${attempt} did not start on the page`)
  const knows = await knowledgeOf(ctx)
  let right = 0
  const replies = form.questions.map((q, i) => {
    const wrong = i - right
    // to fail: never so many right that a pass becomes possible; to pass: never so many wrong that it is lost
    const answerRight =
      aim === 'fail' ? (right + 1) / total < 0.45 && ctx.random.chance(0.5) : (wrong + 1) / total > 0.25 || ctx.random.chance(0.85)
    if (answerRight) right++
    return knows.answer(q, answerRight)
  })
  ctx.clock.advance(ctx.random.int(25, 50) * 60_000)
  const inboxBefore = p.inbox.length
  const body = filledIn(form.hidden, form.questions, replies)
  body.append('action', 'handin')
  await openPage(ctx, form.action, body)
  await runTimeline(ctx)
  const result = await ctx.world.expectMessage(p, (t) => t.includes(BOT_SAYS.examResult), 'the exam result', inboxBefore)
  return { attempt, score: scoreIn(result), passed: result.includes(BOT_SAYS.examPassed), right, total, next: linkIn(result) }
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
  const p = personOf(ctx, candidate.id)
  const inboxBefore = p.inbox.length
  await runTimeline(ctx)
  const notice = await ctx.world.expectMessage(p, (t) => linkIn(t) !== null, 'the exam notice with the link', inboxBefore)
  ctx.say(C.step(11, C.examAssigned(candidate.name, CANDIDATE.proposedPost, formatLocalShortZh(opensAt, ctx.tz), assigned.questions)))

  advanceTo(ctx, new Date(opensAt.getTime() + 5 * 60_000))
  const { next, ...first } = await sitOnPage(ctx, linkIn(notice)!, 1, 'fail')
  if (first.passed) throw new DemoStepError(`the first sitting was meant to fail but scored ${first.score}`)
  if (!next) throw new DemoStepError('the result of the first sitting carries no link to the make-up')
  ctx.say(C.detail(C.examSitting(C.firstSitting, String(first.score), first.passed)))

  advanceTo(ctx, new Date(opensAt.getTime() + 2 * DAY))
  const { next: _none, ...second } = await sitOnPage(ctx, next, 2, 'pass')
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
