/**
 * Step 12: a department's 年度学法考试 run by xuefa — scheduled through the API, its notice with each person's
 * link sent when it opens, taken on the mobile page by all but one of them (the report's 参考率 shows who did not).
 */
import { formatLocalShortZh } from '../calendar.js'
import { OFFICIALS, UNITS } from './county.js'
import { advanceTo, api, at, openPage, personOf, runTimeline, type DemoContext } from './context.js'
import { DEMO_COPY as C, PAGE_SAYS } from './copy.zh.js'
import { filledIn, knowledgeOf } from './quiz-taker.js'
import { formOnPage, linkIn } from './shown-quiz.js'
import { DemoStepError } from './wechat.js'

/** the department that sits it: the 司法局 */
const ANNUAL_UNIT = 'HYSF'
const QUESTIONS = 20

export interface AnnualSitting {
  officialId: string
  right: number
  score: number
  passed: boolean
}

export interface AnnualOutcome {
  unitCode: string
  enrolled: number
  questions: number
  /** who took it (everyone enrolled but `absent`) */
  sittings: AnnualSitting[]
  absent: string
}

const fmt = (n: number) => String(Math.round(n * 10) / 10)

async function sit(ctx: DemoContext, officialId: string, link: string): Promise<AnnualSitting> {
  const start = formOnPage(await openPage(ctx, link), link)
  const form = formOnPage(await openPage(ctx, start.action, new URLSearchParams(start.hidden)), link)
  if (form.questions.length !== QUESTIONS) throw new DemoStepError(`the annual exam's page asks ${form.questions.length} questions`)
  const knows = await knowledgeOf(ctx)
  const skill = 0.55 + ctx.random.next() * 0.45
  const rights = form.questions.map(() => ctx.random.chance(skill))
  ctx.clock.advance(ctx.random.int(15, 40) * 60_000)
  const body = filledIn(
    form.hidden,
    form.questions,
    form.questions.map((q, i) => knows.answer(q, rights[i]!)),
  )
  body.append('action', 'handin')
  const result = PAGE_SAYS.annualResult.exec(await openPage(ctx, form.action, body))
  if (!result) throw new DemoStepError(`the annual exam's page shows ${personOf(ctx, officialId).name} no result`)
  return { officialId, right: rights.filter(Boolean).length, score: Number(result[1]), passed: result[2] === PAGE_SAYS.annualPassed }
}

export async function runAnnualExam(ctx: DemoContext): Promise<AnnualOutcome> {
  const unit = UNITS.find((u) => u.code === ANNUAL_UNIT)!
  advanceTo(ctx, at(ctx, `${ctx.year}-11-03`, '10:00'))
  const opensAt = at(ctx, `${ctx.year}-11-10`, '09:00')
  const closesAt = at(ctx, `${ctx.year}-11-14`, '18:00')
  const scheduled = await api<{ id: number; officials: number; title: string }>(ctx, 'POST', '/exams/annual', {
    unitCode: unit.code,
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    questions: QUESTIONS,
    minutes: 60,
  })
  advanceTo(ctx, opensAt)
  const enrolled = OFFICIALS.filter((o) => o.unitCode === unit.code).map((o) => personOf(ctx, o.id))
  const before = new Map(enrolled.map((p) => [p.officialId, p.inbox.length]))
  await runTimeline(ctx)
  const links = new Map<string, string>()
  for (const p of enrolled) {
    const notice = await ctx.world.expectMessage(p, (t) => linkIn(t) !== null, 'the annual exam notice', before.get(p.officialId))
    links.set(p.officialId, linkIn(notice)!)
  }
  if (links.size !== scheduled.officials) throw new DemoStepError(`${scheduled.officials} enrolled, ${links.size} notices arrived`)
  const [absent, ...takers] = ctx.random.shuffle([...links.keys()])
  const sittings: AnnualSitting[] = []
  for (const id of takers) {
    ctx.clock.advance(ctx.random.int(30, 600) * 60_000)
    sittings.push(await sit(ctx, id, links.get(id)!))
  }
  const avg = sittings.reduce((n, s) => n + s.score, 0) / sittings.length
  ctx.say(
    C.step(
      12,
      C.annualScheduled(
        scheduled.title,
        unit.name,
        scheduled.officials,
        formatLocalShortZh(opensAt, ctx.tz),
        formatLocalShortZh(closesAt, ctx.tz),
      ),
    ),
  )
  ctx.say(C.detail(C.annualTaken(sittings.length, sittings.filter((s) => s.passed).length, fmt(avg), personOf(ctx, absent!).name)))
  return { unitCode: unit.code, enrolled: scheduled.officials, questions: QUESTIONS, sittings, absent: absent! }
}
