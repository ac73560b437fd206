/**
 * A simulated person doing the session quiz, one of three ways: the whole quiz in one chat message typed from the
 * notice; on the page behind their link; or in chat with 答题, one answer per question. Right or wrong on purpose.
 */
import { QUIZ_TRIGGERS, quizCopy } from '../quizzes/copy.zh.js'
import { currentQuestion } from './answer-key.js'
import { BOT_SAYS, PAGE_SAYS } from './copy.zh.js'
import { openPage, personOf, type DemoContext } from './context.js'
import { formOnPage, formValue, learnTheBank, quizInNotice, type Knowledge } from './shown-quiz.js'
import { DemoStepError } from './wechat.js'

export type QuizWay = 'whole' | 'page' | 'step'

export interface QuizTake {
  officialId: string
  name: string
  way: QuizWay
  /** per question, in the order asked: answered right? */
  answers: boolean[]
  /** what the person sent, in the letters they saw */
  replies: string[]
  score: number
  passed: boolean
}

const isQuestion = (t: string) => BOT_SAYS.question.test(t)
/**
 * The bot's replies as the paragraphs it joined into one message (feedback and the next question, the last
 * feedback and the score: one message each, see chat/context.ts `replyPacked`).
 */
const paragraphs = (r: readonly string[]) => r.flatMap((t) => t.split('\n\n'))
const isQuizEnd = (t: string) => t.startsWith(BOT_SAYS.quizDone)

export function scoreIn(text: string): number {
  const m = BOT_SAYS.score.exec(text)
  if (!m) throw new DemoStepError(`no score in "${text}"`)
  return Number(m[1])
}

/** `skill` is the chance of answering each question right. */
export async function takeQuiz(ctx: DemoContext, officialId: string, skill: number): Promise<QuizTake> {
  const p = personOf(ctx, officialId)
  await ctx.world.ask(p, QUIZ_TRIGGERS.quiz, (r) => paragraphs(r).some(isQuestion), 'the first quiz question')
  const answers: boolean[] = []
  const sent: string[] = []
  for (;;) {
    const q = await currentQuestion(ctx.app.db, officialId, ctx.random)
    const right = ctx.random.chance(skill)
    const reply = right ? q.right : q.wrong
    sent.push(reply)
    const replies = paragraphs(
      await ctx.world.ask(
        p,
        reply,
        (r) => paragraphs(r).some((t) => isQuestion(t) || isQuizEnd(t)),
        `the feedback on question ${q.position}`,
      ),
    )
    const feedback = replies[0] ?? ''
    if (feedback.startsWith(quizCopy.right) !== right) {
      throw new DemoStepError(
        `${p.name} answered question ${q.position} ${right ? 'right' : 'wrong'} on purpose, but the bot said "${feedback}"`,
      )
    }
    answers.push(right)
    const end = replies.find(isQuizEnd)
    if (end)
      return {
        officialId,
        name: p.name,
        way: 'step',
        answers,
        replies: sent,
        score: scoreIn(end),
        passed: end.includes(BOT_SAYS.quizPassed),
      }
    if (answers.length > q.total) throw new DemoStepError(`${p.name}'s quiz did not end after ${q.total} answers`)
  }
}

const known = new WeakMap<DemoContext, Promise<Knowledge>>()
/** What the simulated people know of the law: learnt once per run. */
export function knowledgeOf(ctx: DemoContext): Promise<Knowledge> {
  let k = known.get(ctx)
  if (!k) {
    k = learnTheBank(ctx.app.db, ctx.random)
    known.set(ctx, k)
  }
  return k
}

/** The whole quiz in one chat message, typed from the notice the person received: `1A 2BC 3对`. */
export async function answerFromNotice(ctx: DemoContext, officialId: string, skill: number, notice: string): Promise<QuizTake> {
  const p = personOf(ctx, officialId)
  const questions = quizInNotice(notice)
  if (questions.length === 0) throw new DemoStepError(`${p.name}'s notice lists no question`)
  const knows = await knowledgeOf(ctx)
  const answers = questions.map(() => ctx.random.chance(skill))
  const replies = questions.map((q, i) => knows.answer(q, answers[i]!))
  const text = questions.map((q, i) => `${q.position}${replies[i]}`).join(' ')
  const [reply = ''] = await ctx.world.ask(p, text, (r) => r.some((t) => t.includes(BOT_SAYS.quizDone)), 'the whole-quiz reply')
  for (const [i, q] of questions.entries()) {
    const line = reply.split('\n').find((l) => l.startsWith(`${q.position}. `)) ?? ''
    if (line.startsWith(BOT_SAYS.verdictRight(q.position)) !== answers[i])
      throw new DemoStepError(
        `${p.name} answered question ${q.position} ${answers[i] ? 'right' : 'wrong'} on purpose, but the bot said "${line}"`,
      )
  }
  return { officialId, name: p.name, way: 'whole', answers, replies, score: scoreIn(reply), passed: reply.includes(BOT_SAYS.quizPassed) }
}

/** On the page behind the person's link: open it, choose an answer for each question, submit; the page shows the score. */
export async function answerOnPage(ctx: DemoContext, officialId: string, skill: number, link: string): Promise<QuizTake> {
  const p = personOf(ctx, officialId)
  const form = formOnPage(await openPage(ctx, link), link)
  if (form.questions.length === 0) throw new DemoStepError(`${p.name}'s page asks no question`)
  const knows = await knowledgeOf(ctx)
  const answers = form.questions.map(() => ctx.random.chance(skill))
  const replies = form.questions.map((q, i) => knows.answer(q, answers[i]!))
  const result = await openPage(ctx, form.action, filledIn(form.hidden, form.questions, replies))
  return { officialId, name: p.name, way: 'page', answers, replies, score: scoreIn(result), passed: PAGE_SAYS.passed.test(result) }
}

/** A form's fields as a browser sends them: the hidden ones, then each question's choices (`q2=A&q2=C`). */
export function filledIn(hidden: [string, string][], questions: { position: number }[], replies: string[]): URLSearchParams {
  const body = new URLSearchParams(hidden)
  for (const [i, q] of questions.entries()) for (const v of formValue(replies[i]!).split('')) body.append(`q${q.position}`, v)
  return body
}
