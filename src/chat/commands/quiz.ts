import { answerInChat } from '../../answering/whole-quiz.service.js'
import { startOrResumeQuiz } from '../../answering/quiz-start.service.js'
import { looksLikeAnswer } from '../../quizzes/grading.rules.js'
import { QUIZ_TRIGGERS } from '../../quizzes/copy.zh.js'
import { COPY } from '../copy.zh.js'
import { replyPacked } from '../context.js'
import type { ChatDeps } from '../deps.js'
import type { ChatFeature } from '../create-chat.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import { claimMessageStatement } from '../processed.repo.js'
import type { Handler } from '../router.js'

/** 答题 — starts or resumes the pending quiz, one question at a time (the intro and the question in one message). */
export function quizCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    if (!(await claimMessage(deps.db, ctx, deps.clock.now()))) return
    await replyPacked(ctx, await startOrResumeQuiz(deps, official.id, { inGroup: ctx.roomId !== null }))
  }
}

/**
 * A / ACD / 对 / 错 / √ / × — the answer to the current question (of a quiz, or of the running 任前 exam); and
 * ABCDA / 1A 2BC 3对 — the whole quiz in one message (how the two are told apart: answering/whole-quiz.service.ts).
 * Each reply is one message: feedback with the next question, or the last feedback with the score; the whole
 * quiz's score with every question's verdict.
 * The message is recorded as processed in the answer's own transaction, so a message delivered twice cannot
 * answer two questions.
 * With nothing pending the person gets the same reply as any unknown text.
 */
export function answerCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    // the processed-message row goes in with the answer: one transaction, and a duplicate delivery fails on its key
    const claim = claimMessageStatement(ctx.messageId, ctx.channel, now)
    const outcome = await answerInChat(deps, official.id, ctx.text, { inGroup: ctx.roomId !== null, claim })
    if (!outcome?.claimed && !(await claimMessage(deps.db, ctx, now))) return
    await replyPacked(ctx, outcome?.texts ?? [COPY.unknown])
  }
}

export const registerQuizCommands: ChatFeature = (router, deps) => {
  router.command(QUIZ_TRIGGERS.quiz, quizCommand(deps)).command(looksLikeAnswer, answerCommand(deps))
}
