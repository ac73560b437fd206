/**
 * Sessions: upsert by id with their laws, through the sessions' own write (sessions.service.ts), so an
 * imported session gets what one created anywhere else gets — its study material and, when it lies ahead,
 * its timeline (material, reminder, closing); a changed one is re-planned, a cancelled one stops — and stays
 * cancelled: a row that would plan it again is a problem, and nothing of the file is imported.
 * An empty or absent status keeps what the session has (a held one whose start moves ahead is planned again);
 * a new session without one is 'held' when it started before the import and 'planned' otherwise, so a year of
 * past sessions imports as held and next month's as planned. A session held is recorded as every way in records
 * it (sessions.service.ts): its unmarked audience absent, so the report's 应参学 is the attendance sheet's 应到.
 */
import type { Executor } from '../storage/db.js'
import type { Audience, NewSession, Session } from '../sessions/sessions.repo.js'
import { findSessions } from '../sessions/sessions.repo.js'
import { isUncancelling, writeSessionIn } from '../sessions/sessions.service.js'
import { keptStatus } from '../sessions/session.rules.js'
import { emptyCounts, findDuplicates, keep, type Item, type Plan, type PlanContext } from './apply.js'
import type { SessionRecord } from './rows.js'

const COMPARED = ['kind', 'title', 'startsAt', 'unitCode', 'body', 'meetingNo', 'hours', 'presenter', 'status', 'laws', 'audience'] as const

/** The 仅领导干部 column sets or clears leadersOnly on the audience; absent, the audience stays as it is. */
function audienceOf(before: Audience | null, leadersOnly: boolean | undefined): Audience | null {
  if (leadersOnly === undefined) return before
  const { leadersOnly: _was, ...rest } = before ?? {}
  const next: Audience = leadersOnly ? { ...rest, leadersOnly: true } : rest
  return Object.keys(next).length > 0 ? next : null
}

export async function planSessions(ex: Executor, items: Item<SessionRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => r.id,
    (item, first) => ({
      line: item.line,
      column: ctx.header('id'),
      message: `编号「${item.record.id}」与第 ${first} 行重复`,
    }),
  )
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const existing = await findSessions(ex, [...unique.keys()])
  const counts = emptyCounts()
  const changes: { before: Session | null; after: NewSession }[] = []
  for (const [id, { line, record }] of unique) {
    const before = existing.get(id)?.session ?? null
    const after: NewSession = {
      id,
      kind: record.kind,
      title: record.title,
      startsAt: record.startsAt,
      unitCode: record.unitCode,
      body: keep(record.body, before?.body, null),
      meetingNo: keep(record.meetingNo, before?.meetingNo, null),
      hours: keep(record.hours, before?.hours, null),
      presenter: keep(record.presenter, before?.presenter, null),
      status:
        record.status ?? (before ? keptStatus(before, record.startsAt, new Date(ctx.now)) : record.startsAt < ctx.now ? 'held' : 'planned'),
      laws: record.laws ?? before?.laws ?? [],
      audience: audienceOf(before?.audience ?? null, record.leadersOnly),
      externalId: before?.externalId ?? null,
      source: before?.source ?? 'import',
      createdBy: ctx.actor,
    }
    if (isUncancelling(before, after)) {
      problems.push({ line, column: ctx.header('status'), message: `活动「${id}」已取消，不能恢复；请用新的编号` })
      continue
    }
    if (!before) counts.inserted++
    else if (COMPARED.every((k) => JSON.stringify(after[k]) === JSON.stringify(before[k]))) {
      counts.unchanged++
      continue
    } else counts.updated++
    changes.push({ before, after })
  }
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }
  const clock = { now: () => new Date(ctx.now) }
  return {
    problems,
    counts,
    writes: [],
    apply: async (tx) => {
      for (const { before, after } of changes) await writeSessionIn(tx, before, after, { clock, tz: ctx.tz, by: { actor: ctx.actor } })
    },
  }
}
