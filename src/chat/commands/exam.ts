import { startAppointmentExam } from '../../answering/exam-start.service.js'
import { QUIZ_TRIGGERS } from '../../quizzes/copy.zh.js'
import { replyPacked } from '../context.js'
import type { ChatDeps } from '../deps.js'
import type { ChatFeature } from '../create-chat.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'

/** 任前考试 — starts (or resumes) the candidate's timed exam; refused in a group. */
export function examCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    if (!(await claimMessage(deps.db, ctx, deps.clock.now()))) return
    await replyPacked(ctx, await startAppointmentExam(deps, official.id, { inGroup: ctx.roomId !== null }))
  }
}

export const registerExamCommands: ChatFeature = (router, deps) => {
  router.command(QUIZ_TRIGGERS.exam, examCommand(deps))
}
