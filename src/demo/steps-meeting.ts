/**
 * Steps 5–10: the 会前学法 from the day before to the make-up — the materials go out, people answer the quiz,
 * one asks for leave, the reminder, check-in, the automatic close and the make-up material, the organizer's 补学.
 */
import { addLocalDays, formatLocalShortZh, localDate } from '../calendar.js'
import { COPY as CHAT_COPY, TRIGGERS } from '../chat/copy.zh.js'
import { listMarks } from '../sessions/attendance.repo.js'
import { findDemoOfficial } from './county.js'
import type { MarkStatus } from './history.js'
import { advanceTo, at, personOf, runTimeline, type DemoContext } from './context.js'
import { BOT_SAYS, DEMO_COPY as C } from './copy.zh.js'
import { answerFromNotice, answerOnPage, takeQuiz, type QuizTake, type QuizWay } from './quiz-taker.js'
import { linkIn, quizInNotice } from './shown-quiz.js'
import type { ScheduledMeeting } from './steps-setup.js'
import { DemoStepError } from './wechat.js'

export interface MeetingRoles {
  late: string
  leave: string
  absent: string
  /** does the quiz only after the reminder */
  procrastinator: string
  onTime: string[]
}

export interface MeetingOutcome {
  roles: MeetingRoles
  quiz: QuizTake[]
  lateMinutes: number
  leaveReason: string
  /** every audience member's mark at the end, as the simulation meant it */
  marks: Record<string, MarkStatus>
  /** the bot's messages per audience member, from the notice to the make-up material, counted as the mock WeChat received them */
  messagesPerPerson: number
}

const MIN = 60_000
const nameOf = (id: string) => findDemoOfficial(id).name
const fmtScore = (n: number) => String(Math.round(n * 10) / 10)
const ticks = (answers: boolean[]) => answers.map((r) => (r ? C.right : C.wrong)).join('')

export function assignRoles(ctx: DemoContext, audience: readonly string[]): MeetingRoles {
  const [late, leave, absent, procrastinator] = ctx.random.shuffle(audience)
  if (!late || !leave || !absent || !procrastinator) throw new DemoStepError('the meeting needs at least four people in its audience')
  return { late, leave, absent, procrastinator, onTime: audience.filter((id) => ![late, leave, absent].includes(id)) }
}

async function expectAll(ctx: DemoContext, ids: readonly string[], prefix: string, what: string): Promise<void> {
  for (const id of ids) await ctx.world.expectMessage(personOf(ctx, id), (t) => t.startsWith(prefix), what)
}

const when = (ctx: DemoContext, d: Date) => formatLocalShortZh(d, ctx.tz)

/** 5. the day before, 09:00: the notice reaches the whole audience — the material, the whole quiz, their own link */
async function materialsDay(ctx: DemoContext, m: ScheduledMeeting, dayBefore: string): Promise<Map<string, string>> {
  advanceTo(ctx, at(ctx, dayBefore, '09:00'))
  const before = new Map(m.audience.map((id) => [id, personOf(ctx, id).inbox.length]))
  await runTimeline(ctx)
  await expectAll(ctx, m.audience, BOT_SAYS.materials, 'the study material')
  const notices = new Map<string, string>()
  let messages = 0
  for (const id of m.audience) {
    const texts = personOf(ctx, id).inbox.slice(before.get(id))
    messages = Math.max(messages, texts.length)
    const notice = texts.join('\n')
    if (!notice.includes(BOT_SAYS.material(m.law))) throw new DemoStepError('the materials message does not carry the study material')
    if (!linkIn(notice)) throw new DemoStepError(`${nameOf(id)}'s notice carries no personal link`)
    if (quizInNotice(notice).length !== m.questions)
      throw new DemoStepError(`${nameOf(id)}'s notice does not list the ${m.questions} questions`)
    notices.set(id, notice)
  }
  ctx.say(C.step(5, C.materials(when(ctx, ctx.clock.now()), m.audience.length, messages)))
  return notices
}

/** How the quiz takers of step 6 answer: two one question at a time, three on the page, the rest (most) in one chat message. */
function assignWays(ctx: DemoContext, takers: readonly string[]): Map<string, QuizWay> {
  const ways = new Map<string, QuizWay>()
  for (const [i, id] of ctx.random.shuffle(takers).entries())
    ways.set(id, i < STEP_BY_STEP ? 'step' : i < STEP_BY_STEP + ON_PAGE ? 'page' : 'whole')
  return ways
}

const STEP_BY_STEP = 2
const ON_PAGE = 3
const WAYS: readonly QuizWay[] = ['whole', 'page', 'step']

/** 6. the quiz through the day (a few weak answerers among them), each their way; one person asks for leave instead */
async function quizDay(
  ctx: DemoContext,
  m: ScheduledMeeting,
  roles: MeetingRoles,
  dayBefore: string,
  notices: Map<string, string>,
): Promise<{ quiz: QuizTake[]; leaveReason: string }> {
  const quiz: QuizTake[] = []
  advanceTo(ctx, at(ctx, dayBefore, '09:20'))
  const leaveReason = ctx.random.pick(C.leaveReasons)
  const takers = roles.onTime.filter((id) => id !== roles.procrastinator).concat(roles.late)
  const ways = assignWays(ctx, takers)
  for (const id of ctx.random.shuffle(takers)) {
    ctx.clock.advance(ctx.random.int(5, 30) * MIN)
    const skill = ctx.random.next() < 0.15 ? 0.4 : 0.6 + ctx.random.next() * 0.4
    const notice = notices.get(id)!
    const way = ways.get(id)!
    quiz.push(
      way === 'step'
        ? await takeQuiz(ctx, id, skill)
        : way === 'page'
          ? await answerOnPage(ctx, id, skill, linkIn(notice)!)
          : await answerFromNotice(ctx, id, skill, notice),
    )
  }
  ctx.say(C.step(6, C.quizzed(quiz.length)))
  for (const way of WAYS) {
    const took = quiz.filter((q) => q.way === way)
    if (took.length === 0) continue
    const avg = took.reduce((n, q) => n + q.score, 0) / took.length
    ctx.say(C.detail(C.quizWay(way, took.length, took.filter((q) => q.passed).length, fmtScore(avg))))
    // four people a line, as a table would show them
    for (let i = 0; i < took.length; i += 4)
      ctx.say(
        C.detail(
          took
            .slice(i, i + 4)
            .map((q) => C.quizPerson(q.name, fmtScore(q.score), ticks(q.answers)))
            .join('　'),
        ),
      )
  }
  const leaver = personOf(ctx, roles.leave)
  const [reply] = await ctx.world.ask(leaver, `${TRIGGERS.leave[0]} ${leaveReason}`, (r) => r.length >= 1, 'the leave reply')
  if (reply !== CHAT_COPY.leaveOk(m.title, when(ctx, m.startsAt)))
    throw new DemoStepError(`${leaver.name}'s leave was not taken: "${reply}"`)
  ctx.say(C.detail(C.leave(leaver.name, leaveReason)))
  return { quiz, leaveReason }
}

/** 7. two hours before: the reminder reaches those without a finished quiz; one of them does it now */
async function reminder(ctx: DemoContext, m: ScheduledMeeting, roles: MeetingRoles): Promise<QuizTake> {
  const reminderAt = new Date(m.startsAt.getTime() - 120 * MIN)
  advanceTo(ctx, reminderAt)
  const waiting = [roles.procrastinator, roles.absent]
  const inboxBefore = waiting.map((id) => personOf(ctx, id).inbox.length)
  await runTimeline(ctx)
  const reminders: string[] = []
  for (const [i, id] of waiting.entries())
    reminders.push(await ctx.world.expectMessage(personOf(ctx, id), (t) => t.startsWith(BOT_SAYS.reminder), 'the reminder', inboxBefore[i]))
  ctx.say(C.step(7, C.reminded(when(ctx, reminderAt), waiting.map(nameOf).join('、'))))
  ctx.clock.advance(ctx.random.int(5, 25) * MIN)
  const link = linkIn(reminders[0]!)
  if (!link) throw new DemoStepError(`${nameOf(roles.procrastinator)}'s reminder carries no personal link`)
  const take = await answerOnPage(ctx, roles.procrastinator, 0.8, link)
  ctx.say(C.detail(C.remindedDone(take.name, fmtScore(take.score))))
  return take
}

/** 8. check-in opens 15 minutes before the start; one person comes late */
async function checkIn(ctx: DemoContext, m: ScheduledMeeting, roles: MeetingRoles): Promise<number> {
  const opens = new Date(m.startsAt.getTime() - 15 * MIN)
  advanceTo(ctx, opens)
  for (const id of ctx.random.shuffle(roles.onTime)) {
    ctx.clock.advance(ctx.random.int(0, 50) * 1000)
    const [reply] = await ctx.world.ask(personOf(ctx, id), TRIGGERS.checkin[0], (r) => r.length >= 1, 'the check-in reply')
    if (reply !== CHAT_COPY.checkinOk(m.title)) throw new DemoStepError(`${nameOf(id)} checked in on time but the bot said "${reply}"`)
  }
  const lateMinutes = ctx.random.int(5, 20)
  advanceTo(ctx, new Date(m.startsAt.getTime() + lateMinutes * MIN - 30_000))
  const [reply] = await ctx.world.ask(personOf(ctx, roles.late), TRIGGERS.checkin[0], (r) => r.length >= 1, 'the late check-in reply')
  if (reply !== CHAT_COPY.checkinLate(m.title, lateMinutes))
    throw new DemoStepError(`${nameOf(roles.late)} came ${lateMinutes} minutes late but the bot said "${reply}"`)
  ctx.say(C.step(8, C.checkins(when(ctx, opens), roles.onTime.length, nameOf(roles.late), lateMinutes)))
  return lateMinutes
}

/** 9–10. the close marks the unmarked absent and sends the make-up (material and quiz); the next day the excused answers it and is 补学 */
async function closeAndMakeUp(ctx: DemoContext, m: ScheduledMeeting, roles: MeetingRoles, day: string): Promise<QuizTake> {
  const closeAt = new Date(m.startsAt.getTime() + 60 * MIN)
  advanceTo(ctx, closeAt)
  await runTimeline(ctx)
  const marks = await listMarks(ctx.app.db, m.id)
  if (marks.get(roles.absent) !== 'absent') throw new DemoStepError(`${nameOf(roles.absent)} was not marked absent when the session closed`)
  const leaver = personOf(ctx, roles.leave)
  const makeup = await ctx.world.expectMessage(leaver, (t) => t.startsWith(BOT_SAYS.makeupMaterial), 'the make-up material')
  ctx.say(C.step(9, C.closed(when(ctx, closeAt), nameOf(roles.absent), leaver.name)))
  advanceTo(ctx, at(ctx, addLocalDays(day, 1), '15:00'))
  // the make-up notice lists the quiz as the material notice does: answered in one message, it marks 补学 by itself
  const take = await answerFromNotice(ctx, roles.leave, 0.8, makeup)
  if ((await listMarks(ctx.app.db, m.id)).get(roles.leave) !== 'makeup')
    throw new DemoStepError(`${leaver.name} finished the make-up quiz but is not marked 补学`)
  ctx.say(C.step(10, C.makeup(leaver.name, fmtScore(take.score))))
  return take
}

export async function runMeeting(ctx: DemoContext, m: ScheduledMeeting): Promise<MeetingOutcome> {
  const roles = assignRoles(ctx, m.audience)
  const day = localDate(m.startsAt, ctx.tz)
  const dayBefore = addLocalDays(day, -1)
  const inboxBefore = m.audience.map((id) => personOf(ctx, id).inbox.length)
  const notices = await materialsDay(ctx, m, dayBefore)
  const { quiz, leaveReason } = await quizDay(ctx, m, roles, dayBefore, notices)
  quiz.push(await reminder(ctx, m, roles))
  const lateMinutes = await checkIn(ctx, m, roles)
  quiz.push(await closeAndMakeUp(ctx, m, roles, day))
  // every message the mock WeChat delivered to the audience from the notice to the make-up material
  const received = m.audience.reduce((n, id, i) => n + personOf(ctx, id).inbox.length - inboxBefore[i]!, 0)
  const messagesPerPerson = received / m.audience.length
  ctx.say(C.detail(C.messagesPerPerson(fmtScore(messagesPerPerson))))
  const marks: Record<string, MarkStatus> = {}
  for (const id of m.audience)
    marks[id] = id === roles.late ? 'late' : id === roles.leave ? 'makeup' : id === roles.absent ? 'absent' : 'present'
  return { roles, quiz, lateMinutes, leaveReason, marks, messagesPerPerson }
}
