import type { AudienceMember } from '../../sessions/audience.repo.js'
import { decideCheckin } from '../../sessions/checkin.rules.js'
import { currentProgress, notCheckedIn, quizNotFinished } from '../../sessions/progress.service.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'

/** 提醒 (organizers) — nudges, by name, those who have not checked in or not finished the quiz. */
export function remindCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const progress = await currentProgress(deps.db, official.unitCode, now)
    if (!(await claimMessage(deps.db, ctx, now))) return
    if (!progress) return ctx.reply(COPY.statsNone)
    const { session } = progress
    const nudges = new Map<string, { official: AudienceMember; texts: string[] }>()
    const add = (o: AudienceMember, text: string) => {
      const entry = nudges.get(o.id) ?? { official: o, texts: [] }
      entry.texts.push(text)
      nudges.set(o.id, entry)
    }
    // 签到 only while its window has not closed; the quiz only while it can still be answered
    if (decideCheckin(new Date(session.startsAt), now, progress.settings).kind !== 'closed')
      for (const o of notCheckedIn(progress)) add(o, COPY.remindCheckin(session.title))
    for (const o of quizNotFinished(progress, now)) add(o, COPY.remindQuiz(session.title))
    if (nudges.size === 0) return ctx.reply(COPY.remindNobody)
    const reached: string[] = []
    const unreached: string[] = []
    for (const { official: o, texts } of nudges.values()) {
      if (!o.bound) {
        unreached.push(o.name)
        continue
      }
      try {
        await deps.channel.send({ kind: 'official', officialId: o.id }, { text: texts.join('\n'), tag: 'chat.remind' })
        reached.push(o.name)
      } catch (err) {
        deps.logger.warn({ err, officialId: o.id, sessionId: session.id }, 'chat reminder not delivered')
        unreached.push(o.name)
      }
    }
    const lines = [
      reached.length ? COPY.remindDone(reached.join('、')) : '',
      unreached.length ? COPY.remindUnreached(unreached.join('、')) : '',
    ]
    await ctx.reply(lines.filter(Boolean).join('\n'))
  }
}
