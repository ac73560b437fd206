import { formatLocalShortZh } from '../../calendar.js'
import { createSessionIn } from '../../sessions/sessions.service.js'
import { sessionCapacity } from '../../sessions/capacity.service.js'
import { capacityWarningsZh } from '../../sessions/capacity.copy.zh.js'
import { findSession } from '../../sessions/sessions.repo.js'
import { isRecordedHeld } from '../../sessions/session.rules.js'
import { getChatState, setChatState } from '../chat-state.repo.js'
import { COPY } from '../copy.zh.js'
import type { ChatDeps } from '../deps.js'
import { boundOfficial } from '../filters.js'
import { claimMessage, DUPLICATE, runOnce } from '../once.js'
import type { Handler } from '../router.js'
import { parseScheduleText } from '../schedule-parse.js'
import { codePointName, findInvisible } from '../../text.js'
import { lawsWithoutQuestionsZh, quizLeftOutZh } from '../../quizzes/quiz.service.js'

/** questions drawn (from the session's laws when the bank has them) for a session arranged in chat */
const CHAT_QUIZ_QUESTIONS = 5

export const SCHEDULE_STATE_KEY = 'scheduleDraft'
/** a draft left unconfirmed this long is forgotten */
export const DRAFT_TTL_MS = 60 * 60_000

export interface ScheduleDraft {
  startsAt: string
  body: string
  meetingNo: string | null
  laws: string[]
  unitCode: string
  draftedAt: string
}

const lawList = (laws: string[]) => (laws.length ? laws.map((l) => `《${l}》`).join('、') : COPY.scheduleNoLaws)
const titleOf = (d: ScheduleDraft) => (d.body ? COPY.scheduleTitle(d.body) : COPY.scheduleDefaultBody)

/** 安排学法 <时间> <会议> 《法律》… (organizers) — says what it understood and keeps the draft until 确认. */
export function scheduleCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const parsed = parseScheduleText(ctx.args, now, deps.tz)
    // the one rule of src/text.ts: a NUL or a zero-width character would enter the session's title
    const invisible = findInvisible(ctx.args)
    if (!parsed.ok || parsed.startsAt <= now || invisible) {
      if (!(await claimMessage(deps.db, ctx, now))) return
      if (invisible) return ctx.reply(COPY.scheduleInvisible(codePointName(invisible.codePoint)))
      if (!parsed.ok) return ctx.reply(parsed.reason === 'empty' ? COPY.scheduleUsage : COPY.scheduleBadTime(parsed.timeText))
      return ctx.reply(COPY.schedulePast)
    }
    const draft: ScheduleDraft = {
      startsAt: parsed.startsAt.toISOString(),
      body: parsed.body,
      meetingNo: parsed.meetingNo,
      laws: parsed.laws,
      unitCode: official.unitCode,
      draftedAt: now.toISOString(),
    }
    const r = await runOnce(deps.db, ctx, now, (tx) => setChatState(tx, official.id, SCHEDULE_STATE_KEY, draft, now.toISOString()))
    if (r === DUPLICATE) return
    const body = [draft.body || COPY.scheduleDefaultBody, draft.meetingNo].filter(Boolean).join(' ')
    // said before 确认: laws the bank has no question of give no quiz (or a quiz of the others)
    const noQuiz = await lawsWithoutQuestionsZh(deps.db, draft.laws)
    await ctx.reply(COPY.scheduleDraft(formatLocalShortZh(parsed.startsAt, deps.tz), body, lawList(draft.laws), noQuiz))
  }
}

/** 确认 — creates the drafted 会前学法 session, in the transaction that records the message. */
export function confirmCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const iso = now.toISOString()
    const r = await runOnce(deps.db, ctx, now, async (tx) => {
      const draft = await getChatState<ScheduleDraft>(tx, official.id, SCHEDULE_STATE_KEY)
      if (!draft || Date.parse(draft.draftedAt) + DRAFT_TTL_MS < now.getTime()) return null
      const startsAt = new Date(draft.startsAt)
      // like any other session: its timeline (materials, quiz, reminder, closing) is planned with it, and a
      // quiz drawn from its laws when the bank has questions
      const created = await createSessionIn(
        tx,
        {
          kind: 'pre_meeting',
          title: titleOf(draft),
          startsAt,
          unitCode: draft.unitCode,
          body: draft.body || null,
          meetingNo: draft.meetingNo,
          laws: draft.laws,
          source: 'chat',
          quiz: { draw: { count: CHAT_QUIZ_QUESTIONS } },
          quizOptional: true,
        },
        { clock: deps.clock, tz: deps.tz, by: { actor: `official:${official.id}` } },
      )
      await setChatState(tx, official.id, SCHEDULE_STATE_KEY, null, iso)
      const noQuiz = created.quiz === null && draft.laws.length > 0 ? await quizLeftOutZh(tx, draft.laws) : null
      // confirmed after its start: recorded as held, as every way in records it
      const held = isRecordedHeld(null, { status: 'planned', startsAt: draft.startsAt }, now)
      return { id: created.id, title: titleOf(draft), startsAt, noQuiz, held }
    })
    if (r === DUPLICATE) return
    if (!r) return ctx.reply(COPY.scheduleNoDraft)
    deps.logger.info({ officialId: official.id }, 'session scheduled from chat')
    const when = formatLocalShortZh(r.startsAt, deps.tz)
    if (r.held) return ctx.reply(COPY.scheduleCreatedHeld(r.title, when))
    const warnings = await capacityWarnings(deps, r.id)
    const created = r.noQuiz ? COPY.scheduleCreatedNoQuiz(r.title, when, r.noQuiz) : COPY.scheduleCreated(r.title, when)
    await ctx.reply([created, ...warnings].join('\n'))
  }
}

/** 取消 — drops the draft. */
export function cancelDraftCommand(deps: ChatDeps): Handler {
  return async (ctx) => {
    const official = boundOfficial(ctx)
    const now = deps.clock.now()
    const r = await runOnce(deps.db, ctx, now, async (tx) => {
      const draft = await getChatState<ScheduleDraft>(tx, official.id, SCHEDULE_STATE_KEY)
      if (draft) await setChatState(tx, official.id, SCHEDULE_STATE_KEY, null, now.toISOString())
      return draft !== null
    })
    if (r === DUPLICATE) return
    await ctx.reply(r ? COPY.scheduleCancelled : COPY.scheduleNoDraft)
  }
}

/** The capacity warnings of a session just scheduled (as the API and the dashboard give them), in the same reply. */
async function capacityWarnings(deps: ChatDeps, sessionId: string): Promise<string[]> {
  if (!deps.botAccounts) return []
  try {
    const s = await findSession(deps.db, sessionId)
    if (!s) return []
    const report = await sessionCapacity({ db: deps.db, clock: deps.clock, tz: deps.tz, accounts: deps.botAccounts }, s)
    return capacityWarningsZh(report, deps.tz).map((w) => `⚠ ${w}`)
  } catch (err) {
    // the session is made; a figure that cannot be worked out must not hide that
    deps.logger.warn(
      { sessionId, err: err instanceof Error ? err.message : String(err) },
      'capacity of a chat-scheduled session not worked out',
    )
    return []
  }
}
