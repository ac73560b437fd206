import type { Official } from '../../roster/officials.repo.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage } from '../once.js'
import type { Handler } from '../router.js'
import { currentProgress, notCheckedIn, quizNotFinished } from '../../sessions/progress.service.js'

async function boundIds(deps: ChatDeps, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rs = await deps.db.execute({
    sql: 'SELECT official_id FROM chat_bindings WHERE official_id IN (SELECT value FROM json_each(:ids))',
    args: { ids: JSON.stringify(ids) },
  })
  return new Set(rs.rows.map((r) => String(r.official_id)))
}

/** 提醒 (organizers) — nudges, by name, those who have not checked in or not finished the quiz. */
export function remindCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const progress = await currentProgress(deps.db, official.unitCode, now, deps.checkinWindow)
    if (!(await claimMessage(deps.db, ctx, now))) return
    if (!progress) return ctx.reply(COPY.statsNone)
    const { session } = progress
    const nudges = new Map<string, { official: Official; texts: string[] }>()
    const add = (o: Official, text: string) => {
      const entry = nudges.get(o.id) ?? { official: o, texts: [] }
      entry.texts.push(text)
      nudges.set(o.id, entry)
    }
    for (const o of notCheckedIn(progress)) add(o, COPY.remindCheckin(session.title))
    for (const o of quizNotFinished(progress)) add(o, COPY.remindQuiz(session.title))
    if (nudges.size === 0) return ctx.reply(COPY.remindNobody)
    const reachable = await boundIds(deps, [...nudges.keys()])
    const reached: string[] = []
    const unreached: string[] = []
    for (const { official: o, texts } of nudges.values()) {
      if (!reachable.has(o.id)) {
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
