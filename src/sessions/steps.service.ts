/**
 * What each step of a session's timeline does when its job comes due: the material and quiz notice, the
 * reminder, a notice of a move or a cancellation, one person's make-up material, and the week's list. Each
 * plans outbox rows (sent later, paced, by the delivery service); closing is in close.service.ts.
 */
import type { OutboundMessage } from '../delivery/channel.js'
import { insertDeliveries, type NewDelivery } from '../delivery/deliveries.repo.js'
import { privateDelivery, robotDelivery } from '../delivery/fanout.js'
import { listEnabledRobots, listEnabledRobotsUnder } from '../delivery/robots.repo.js'
import type { JobDeps, JobEffect } from '../jobs/effects.js'
import type { Executor } from '../storage/db.js'
import { createLinkIssuer } from '../access/links.service.js'
import type { Job } from '../jobs/jobs.repo.js'
import { isBound } from '../roster/binding.repo.js'
import { findQuizBySession, listQuizQuestionIds, type Quiz } from '../quizzes/quizzes.repo.js'
import { findQuestions } from '../quizzes/questions.repo.js'
import { attemptLayout, layoutQuestions } from '../quizzes/layout.rules.js'
import { renderWholeQuiz } from '../quizzes/attempt-view.js'
import { listAudience, type AudienceMember } from './audience.repo.js'
import {
  forUnreachable,
  makeupNotice,
  materialsMessage,
  materialsNotice,
  noticeWriter,
  noticeMessage,
  reminderMessage,
  weeklyDigestMessage,
  type NoticeQuiz,
} from './copy.zh.js'
import { isQuizOpen, loadProgress, notCheckedIn, quizNotFinished } from './progress.service.js'
import type { SessionWithSettings } from './lookup.service.js'
import { sessionLinkUrl } from './session-link.js'
import { makeupUntil } from './makeup.rules.js'
import { findMark } from './attendance.repo.js'
import { quizFor } from '../quizzes/extensions.repo.js'
import { listAttempts } from '../quizzes/attempts.repo.js'
import { findSession, findSessionWithTimeline, listSessionMaterials, listSessionsOrganizedAbove, type Session } from './sessions.repo.js'
import { loadDeploymentTimeline, sessionSettings } from './timeline.service.js'

/** The session, still open, with its timeline settings (read once per job: what its messages say of 签到). */
async function liveSession(deps: JobDeps, sessionId: string, job: Job): Promise<SessionWithSettings | null> {
  const found = await findSessionWithTimeline(deps.db, sessionId)
  if (!found) throw new Error(`session ${sessionId} not found`)
  const s = found.session
  if (s.status === 'cancelled' || s.closedAt !== null) {
    deps.logger.info({ jobId: job.id, kind: job.kind, sessionId, status: s.status }, 'session no longer open; nothing to send')
    return null
  }
  return { session: s, settings: sessionSettings(await loadDeploymentTimeline(deps.db), found.timelineJson) }
}

/**
 * Private messages to the bound; a unit's group robots hear of it only when some of the unit's expected people
 * cannot be reached in private (not bound), and then the message names them — no group copy of what everyone
 * already has. `privateMessages` gives each bound person's messages (one, or a few when long); `message` is
 * the group's.
 */
async function announce(
  deps: JobDeps,
  job: Job,
  audience: AudienceMember[],
  message: OutboundMessage,
  privateMessages: (m: AudienceMember) => OutboundMessage[] = () => [message],
): Promise<number> {
  const now = deps.clock.now().toISOString()
  const rows: NewDelivery[] = []
  for (const m of audience) {
    if (!m.bound) continue
    for (const [i, part] of privateMessages(m).entries()) rows.push(partOf(privateDelivery(job.id, m.id, part, now), i))
  }
  const unbound = audience.filter((m) => !m.bound)
  for (const r of await listEnabledRobots(
    deps.db,
    unbound.map((m) => m.unitCode),
  )) {
    const inUnit = unbound.filter((m) => m.unitCode === r.unitCode)
    if (inUnit.length === 0) continue
    rows.push(
      robotDelivery(
        job.id,
        r,
        forUnreachable(
          message,
          inUnit.map((m) => m.name),
        ),
        now,
        inUnit.map((m) => m.id),
      ),
    )
  }
  return insertDeliveries(deps.db, rows, now)
}

/** The second and later messages of one person's notice: their own outbox rows (the first keeps the job's key). */
function partOf(row: NewDelivery, index: number): NewDelivery {
  return index === 0 ? row : { ...row, dedupKey: `${row.dedupKey}#${index + 1}` }
}

/** Each person's link to the session's page (CONTRACT §8); null for everyone when no public URL is known. */
async function sessionLinks(
  deps: JobDeps,
  s: Pick<Session, 'id' | 'startsAt'>,
  quiz: Pick<Quiz, 'deadlineAt'> | null,
): Promise<(officialId: string) => string | null> {
  if (!deps.linkBaseUrl) return () => null
  const issuer = await createLinkIssuer(deps.db, deps.linkBaseUrl, () => deps.clock.now())
  const now = deps.clock.now()
  return (officialId) => sessionLinkUrl(issuer, officialId, s, quiz, now)
}

/** Each person's quiz in their own layout (attempt 1's, as `答题` will write it); null without a quiz. */
async function personalQuiz(deps: { db: Executor }, quiz: Quiz | null): Promise<((officialId: string) => NoticeQuiz) | null> {
  if (!quiz) return null
  const ids = await listQuizQuestionIds(deps.db, quiz.id)
  const questions = await findQuestions(deps.db, ids)
  const seen = layoutQuestions(ids, questions)
  const common = { tag: quiz.id, deadlineAt: quiz.deadlineAt }
  if (seen.length === 0 || seen.some((q) => q.type === 'short')) return () => ({ ...common, questions: null })
  return (officialId) => ({ ...common, questions: renderWholeQuiz(attemptLayout(quiz, officialId, 1, seen), questions) })
}

export const sendMaterials: JobEffect<'session.materials'> = async ({ sessionId }, job, deps) => {
  const live = await liveSession(deps, sessionId, job)
  if (!live) return
  const s = live.session
  const [audience, materials, quiz] = await Promise.all([
    listAudience(deps.db, s),
    listSessionMaterials(deps.db, s.id),
    findQuizBySession(deps.db, s.id),
  ])
  const quizOf = await personalQuiz(deps, quiz)
  const linkOf = await sessionLinks(deps, s, quiz)
  const group = materialsMessage(s, materials, quiz, live.settings.checkIn, deps.tz)
  const write = noticeWriter(s, materials, live.settings.checkIn, deps.tz)
  const n = await announce(deps, job, audience, group, (m) =>
    // with the person's link the notice carries a summary of the material (the page has it all)
    write(quizOf?.(m.id) ?? null, linkOf(m.id)).map((text) => ({ text, tag: 'session.materials' })),
  )
  deps.logger.info({ jobId: job.id, sessionId, audience: audience.length, planned: n }, 'materials planned')
}

/** As long as a personal link (the public URL, /m/ and the signed token) with room to spare. */
const LINK_STAND_IN = `https://${'x'.repeat(150)}`

/**
 * How many messages one person's material notice takes (the material, the whole quiz, the personal link, as
 * `sendMaterials` writes it): for the capacity model. The layouts of people differ only in order, not in length.
 */
export async function noticePartsOf(deps: { db: Executor; tz: string }, sessionId: string, officialId: string): Promise<number> {
  const found = await findSessionWithTimeline(deps.db, sessionId)
  if (!found) return 1
  const settings = sessionSettings(await loadDeploymentTimeline(deps.db), found.timelineJson)
  const [materials, quiz] = await Promise.all([listSessionMaterials(deps.db, sessionId), findQuizBySession(deps.db, sessionId)])
  const quizOf = await personalQuiz(deps, quiz)
  return materialsNotice(found.session, materials, quizOf?.(officialId) ?? null, settings.checkIn, deps.tz, LINK_STAND_IN).length
}

/**
 * With a quiz: those who have not finished it; without: those not yet marked. Never the excused. Each bound person
 * gets one private message with their link; a unit's group robot names (and @-mentions, through official_handles)
 * its people besides.
 */
export const sendReminder: JobEffect<'session.reminder'> = async ({ sessionId }, job, deps) => {
  const live = await liveSession(deps, sessionId, job)
  if (!live) return
  const { session: s, settings } = live
  const p = await loadProgress(deps.db, s)
  const waiting = p.quiz ? quizNotFinished(p, deps.clock.now()) : notCheckedIn(p)
  const robots = await listEnabledRobots(
    deps.db,
    waiting.map((m) => m.unitCode),
  )
  const now = deps.clock.now().toISOString()
  const rows: NewDelivery[] = []
  for (const r of robots) {
    // one robot per unit names its people in the group, @-mentioning where the platform can
    if (robots.find((x) => x.unitCode === r.unitCode) !== r) continue
    const inUnit = waiting.filter((m) => m.unitCode === r.unitCode)
    const message = reminderMessage(
      s,
      inUnit.map((m) => m.name),
      p.quiz !== null,
      settings.checkIn,
      deps.tz,
    )
    if (inUnit.length)
      rows.push(
        robotDelivery(
          job.id,
          r,
          message,
          now,
          inUnit.map((m) => m.id),
        ),
      )
  }
  const byRobot = new Set(robots.map((r) => r.unitCode))
  const linkOf = await sessionLinks(deps, s, p.quiz)
  // everyone bound is nudged in private too, with their own link: a group message is easily scrolled past
  for (const m of waiting) {
    if (m.bound)
      rows.push(privateDelivery(job.id, m.id, reminderMessage(s, [m.name], p.quiz !== null, settings.checkIn, deps.tz, linkOf(m.id)), now))
  }
  const unreachable = waiting.filter((m) => !byRobot.has(m.unitCode) && !m.bound).length
  await insertDeliveries(deps.db, rows, now)
  deps.logger.info({ jobId: job.id, sessionId, waiting: waiting.length, planned: rows.length, unreachable }, 'reminder planned')
}

export const sendNotice: JobEffect<'session.notice'> = async ({ sessionId, change }, job, deps) => {
  const s = await findSession(deps.db, sessionId)
  if (!s) throw new Error(`session ${sessionId} not found`)
  if (change === 'moved' && (s.status === 'cancelled' || s.closedAt !== null)) return
  await announce(deps, job, await listAudience(deps.db, s), noticeMessage(s, change, deps.tz))
}

/**
 * One person's make-up: the material, and while they may still answer it the whole quiz in their layout with
 * their link, as the material notice carries them. Before closing (a 请假 sent at the end of 签到) the quiz is still
 * open and their make-up window is the one closing will give them.
 */
export const sendMakeup: JobEffect<'official.makeup'> = async ({ sessionId, officialId }, job, deps) => {
  const found = await findSessionWithTimeline(deps.db, sessionId)
  if (!found) throw new Error(`session ${sessionId} not found`)
  const s = found.session
  if (s.status === 'cancelled') return
  if (!(await isBound(deps.db, officialId))) {
    deps.logger.warn({ jobId: job.id, sessionId, officialId }, 'make-up material not sent: the official has no bound chat account')
    return
  }
  const now = deps.clock.now()
  const settings = sessionSettings(await loadDeploymentTimeline(deps.db), found.timelineJson)
  const [materials, quiz, mark] = await Promise.all([
    listSessionMaterials(deps.db, sessionId),
    findQuizBySession(deps.db, sessionId).then((q) => quizFor(deps.db, q, officialId)),
    findMark(deps.db, sessionId, officialId),
  ])
  const personal =
    quiz && s.closedAt === null && settings.makeup.days > 0
      ? { ...quiz, deadlineAt: latest(quiz.deadlineAt, makeupUntil(s, settings, now)) }
      : quiz
  // one who finished the quiz before the session has nothing left to answer: the material only
  const finished = quiz !== null && (await listAttempts(deps.db, quiz.id, officialId)).some((a) => a.state === 'finished')
  const open = personal !== null && !finished && isQuizOpen(personal, now)
  const quizOf = open ? await personalQuiz(deps, personal) : null
  const link = (await sessionLinks(deps, s, personal))(officialId)
  const texts = makeupNotice(s, materials, quizOf?.(officialId) ?? null, deps.tz, link, mark?.status === 'absent' ? 'absent' : 'excused')
  const iso = now.toISOString()
  const rows = texts.map((text, i) => partOf(privateDelivery(job.id, officialId, { text, tag: 'official.makeup' }, iso), i))
  await insertDeliveries(deps.db, rows, iso)
}

const latest = (a: string | null, b: string) => (a !== null && a > b ? a : b)

/** The week's list: the planned sessions of the coming seven days, to the group robots of the unit and below. */
export const sendWeeklyDigest: JobEffect<'digest.weekly'> = async ({ unitCode }, job, deps) => {
  const now = deps.clock.now()
  const iso = now.toISOString()
  const to = new Date(now.getTime() + 7 * 86_400_000).toISOString()
  const rows: NewDelivery[] = []
  for (const r of await listEnabledRobotsUnder(deps.db, unitCode ?? null)) {
    // a robot's group hears of the sessions its unit or a unit above it organizes (their audience reaches down)
    const mine = await listSessionsOrganizedAbove(deps.db, r.unitCode, { from: iso, to, status: 'planned', under: unitCode ?? null })
    if (mine.length) rows.push(robotDelivery(job.id, r, weeklyDigestMessage(mine, deps.tz), iso))
  }
  if (rows.length) await insertDeliveries(deps.db, rows, iso)
}
