/** A simulated person doing the session quiz in chat: 答题, then one answer per question, right or wrong on purpose. */
import { QUIZ_TRIGGERS, quizCopy } from '../quizzes/copy.zh.js'
import { currentQuestion } from './answer-key.js'
import { BOT_SAYS } from './copy.zh.js'
import { personOf, type DemoContext } from './context.js'
import { DemoStepError } from './wechat.js'

export interface QuizTake {
  officialId: string
  name: string
  /** per question, in the order asked: answered right? */
  answers: boolean[]
  /** what the person sent, in the letters they saw */
  replies: string[]
  score: number
  passed: boolean
}

export const isQuestion = (t: string) => BOT_SAYS.question.test(t)
/**
 * The bot's replies as the paragraphs it joined into one message (feedback and the next question, the last
 * feedback and the score: one message each, see chat/context.ts `replyPacked`).
 */
export const paragraphs = (r: readonly string[]) => r.flatMap((t) => t.split('\n\n'))
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
    if (end) return { officialId, name: p.name, answers, replies: sent, score: scoreIn(end), passed: end.includes(BOT_SAYS.quizPassed) }
    if (answers.length > q.total) throw new DemoStepError(`${p.name}'s quiz did not end after ${q.total} answers`)
  }
}
