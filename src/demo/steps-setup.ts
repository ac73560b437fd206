/** Steps 1–4: the roster and the paper records imported, the 会前学法 scheduled, everyone bound in WeChat. */
import { formatLocalShortZh } from '../calendar.js'
import { runImport } from '../imports/import.service.js'
import { formatProblem, type ImportKind } from '../imports/import.types.js'
import { issueBindCodes } from '../roster/binding.service.js'
import { countBank } from '../quizzes/materials.repo.js'
import { listSessionMaterials } from '../sessions/sessions.repo.js'
import { COPY as CHAT_COPY, TRIGGERS } from '../chat/copy.zh.js'
import { COUNTY_CODE, ENFORCEMENT, LEADERS, OFFICIALS, UNITS, officialsCsv, unitsCsv } from './county.js'
import { STANDING_MEETING, type History } from './history.js'
import { api, type DemoContext } from './context.js'
import { DEMO_COPY as C } from './copy.zh.js'
import { DemoStepError } from './wechat.js'

export const MEETING_LAW = '中华人民共和国行政复议法'
export const MEETING_NO = '第17次'
export const QUIZ_QUESTIONS = 5

export interface ScheduledMeeting {
  id: string
  title: string
  body: string
  meetingNo: string
  law: string
  startsAt: Date
  questions: number
  audience: string[]
}

async function importCsv(ctx: DemoContext, kind: ImportKind, csv: string): Promise<number> {
  const result = await runImport(
    ctx.app.db,
    kind,
    { bytes: Buffer.from(csv, 'utf8'), filename: `${kind}.csv` },
    { tz: ctx.tz, clock: ctx.clock, actor: 'demo' },
  )
  if (!result.ok) throw new DemoStepError(`the demo's ${kind} CSV was refused:\n${result.problems.map(formatProblem).join('\n')}`)
  return result.rows
}

export async function importCounty(ctx: DemoContext, history: History): Promise<void> {
  await importCsv(ctx, 'units', unitsCsv())
  await importCsv(ctx, 'officials', officialsCsv())
  ctx.say(C.step(1, C.county(UNITS.length, OFFICIALS.length, LEADERS.length, ENFORCEMENT.length)))
  const { questions, materials } = await countBank(ctx.app.db)
  if (questions === 0) throw new DemoStepError('the starter question bank did not load (db/bank/questions.csv)')
  ctx.say(C.detail(C.bank(questions, materials)))
  const sessions = await importCsv(ctx, 'sessions', history.sessionsCsv)
  const marks = await importCsv(ctx, 'attendance', history.attendanceCsv)
  const exams = await importCsv(ctx, 'exam-results', history.examResultsCsv)
  ctx.say(C.step(2, C.history(sessions, marks, exams)))
}

export async function scheduleMeeting(ctx: DemoContext, startsAt: Date, seed: number): Promise<ScheduledMeeting> {
  const title = C.meetingTitle(MEETING_LAW)
  const created = await api<{ id: string }>(ctx, 'POST', '/sessions', {
    kind: 'pre_meeting',
    title,
    startsAt: startsAt.toISOString(),
    unitCode: COUNTY_CODE,
    body: STANDING_MEETING,
    meetingNo: MEETING_NO,
    hours: 0.5,
    laws: [MEETING_LAW],
    presenter: C.presenter,
    audience: { leadersOnly: true },
    quiz: { draw: { count: QUIZ_QUESTIONS, laws: [MEETING_LAW], seed: `demo-${seed}` }, passScore: 60 },
  })
  if ((await listSessionMaterials(ctx.app.db, created.id)).length === 0)
    throw new DemoStepError(`the bank has no study material for ${MEETING_LAW}`)
  const one = await api<{ quiz: { assigned?: number; expected?: number } | null }>(ctx, 'GET', `/sessions/${created.id}`)
  if (!one.quiz) throw new DemoStepError(`session ${created.id} was created without its quiz`)
  ctx.say(C.step(3, C.scheduled(STANDING_MEETING, MEETING_NO, formatLocalShortZh(startsAt, ctx.tz), MEETING_LAW)))
  ctx.say(C.detail(C.scheduledDetail(LEADERS.length, QUIZ_QUESTIONS)))
  return {
    id: created.id,
    title,
    body: STANDING_MEETING,
    meetingNo: MEETING_NO,
    law: MEETING_LAW,
    startsAt,
    questions: QUIZ_QUESTIONS,
    audience: LEADERS.map((o) => o.id),
  }
}

/** Codes as `xuefa bind-codes` prints them; each person sends theirs from a WeChat account of their own. */
export async function bindEveryone(ctx: DemoContext): Promise<string[]> {
  const codes = await issueBindCodes({ db: ctx.app.db, clock: ctx.clock }, { unitCode: COUNTY_CODE }, { actor: 'demo' })
  if (codes.length !== OFFICIALS.length) throw new DemoStepError(`expected ${OFFICIALS.length} binding codes, got ${codes.length}`)
  const bound: string[] = []
  for (const c of codes) {
    const p = ctx.world.person(c.officialId, c.name)
    ctx.people.set(c.officialId, p)
    const [reply] = await ctx.world.ask(p, `${TRIGGERS.bind[0]} ${c.code}`, (r) => r.length >= 1, 'the binding reply')
    if (reply !== CHAT_COPY.bindOk(c.name)) throw new DemoStepError(`${c.name} could not bind: the bot said "${reply}"`)
    bound.push(c.officialId)
  }
  ctx.say(C.step(4, C.bound(bound.length, `${TRIGGERS.bind[0]} ${codes[0]!.code}`)))
  return bound
}
