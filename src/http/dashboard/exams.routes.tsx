/**
 * /ui/exams: the year's 任前 candidates (assigning an exam, recording the outcome, the 成绩单) and the 年度学法考试 —
 * those scheduled with their figures so far, and the form.
 */
import { Hono } from 'hono'
import { formatLocal, localYear, parseDateTime, yearRange } from '../../calendar.js'
import { AppError } from '../../errors.js'
import { normalizeText } from '../../text.js'
import { listAppointmentCandidates } from '../../exams/candidates.repo.js'
import { ANNUAL_DEFAULTS, ANNUAL_LIMITS } from '../../exams/annual.rules.js'
import { AnnualRefusal, annualOverview, scheduleAnnualExam, type AnnualCounts } from '../../exams/annual.service.js'
import { foldAnnualExam } from '../../reports/report.rules.js'
import { listCurrentOfficialChoices } from '../../roster/officials.repo.js'
import { actorOf } from '../common/types.js'
import { appointmentUiRoutes, type AppointmentState } from './appointment.routes.js'
import { blankAppointmentForm } from './appointment-input.js'
import { passScoreOf, wholeWithin } from './form-numbers.js'
import { invisibleProblem } from './plain-text.js'
import { EXAMS } from './views/copy.zh.js'
import { ExamsPage } from './views/exams.js'
import { ANNUAL, AnnualExamsSection, type AnnualFigureRow, type AnnualForm } from './views/annual-exams.js'
import { canChange, loadScope, pageUser, render, unitName, unitOptions, yearParam, type Scope } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

export function examUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const local = (iso: string) => formatLocal(new Date(iso), tz)
  const app = new Hono<UiEnv>()

  const blank = (scope: Scope): AnnualForm => ({
    unitCode: scope.units[0]?.code ?? '',
    title: '',
    opensAt: '',
    closesAt: '',
    minutes: String(ANNUAL_DEFAULTS.minutes),
    passScore: String(ANNUAL_DEFAULTS.passScore),
    questions: String(ANNUAL_DEFAULTS.questions),
    attempts: String(ANNUAL_DEFAULTS.attempts),
  })

  const blankAppointment = (): AppointmentState => ({ form: blankAppointmentForm(), errors: [], flash: null, refusal: null })

  async function page(
    c: UiContext,
    scope: Scope,
    year: number,
    form: AnnualForm,
    errors: string[],
    /** the annual exam just scheduled, said in the flash */
    doneId: number | null,
    status: 200 | 400 | 403 | 404 | 409 = 200,
    appointment: AppointmentState = blankAppointment(),
  ) {
    const range = yearRange(year, tz)
    const rows = (await listAppointmentCandidates(db, range, scope.path)).map((r) => ({
      ...r,
      unitName: unitName(scope, r.unitCode),
      opensAtLocal: r.opensAt === null ? null : formatLocal(new Date(r.opensAt), tz),
    }))
    const actions = canChange(c.get('auth'))
      ? {
          officials: (await listCurrentOfficialChoices(db, scope.path)).map((o) => ({
            id: o.id,
            name: o.name,
            unitName: unitName(scope, o.unitCode),
          })),
          form: appointment.form,
          errors: appointment.errors,
          csrf: c.get('csrf'),
        }
      : null
    const flashed = (id: number | null, say: (name: string, outcome: string | null) => string) => {
      const row = rows.find((r) => r.examId !== null && r.examId === id)
      return row ? say(row.name, row.outcome) : null
    }
    const appointmentFlash =
      appointment.flash?.kind === 'assigned'
        ? flashed(appointment.flash.examId, (name) => EXAMS.assign.done(name))
        : appointment.flash?.kind === 'recorded'
          ? flashed(appointment.flash.examId, (name, o) => EXAMS.recorded(name, o ? (EXAMS.outcomes[o] ?? o) : ''))
          : null
    const figures = (code: string, n: AnnualCounts): AnnualFigureRow => ({ unitName: unitName(scope, code), ...n, ...foldAnnualExam(n) })
    const annual = (await annualOverview(db, { scopePath: scope.path, ...range })).map((o) => ({
      id: o.exam.id,
      title: o.exam.title,
      unitName: unitName(scope, o.exam.unitCode),
      opensLocal: local(o.exam.opensAt),
      closesLocal: local(o.exam.closesAt),
      questions: o.exam.questionIds.length,
      minutes: o.exam.minutes,
      passScore: o.exam.passScore,
      attempts: o.exam.attempts,
      total: figures(o.exam.unitCode, o.total),
      units: o.units.map((u) => figures(u.unitCode, u)),
    }))
    const done = annual.find((a) => a.id === doneId)
    const flash = done ? ANNUAL.scheduled(done.title, done.total.enrolled) : null
    const section = (
      <AnnualExamsSection
        rows={annual}
        canEdit={canChange(c.get('auth'))}
        units={unitOptions(scope)}
        form={form}
        errors={errors}
        flash={flash}
        csrf={c.get('csrf')}
      />
    )
    return render(
      c,
      <ExamsPage
        user={pageUser(c, scope)}
        year={year}
        rows={rows}
        flash={appointmentFlash}
        refusal={appointment.refusal}
        actions={actions}
        annual={section}
      />,
      status,
    )
  }

  app.get('/exams', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const year = yearParam(c.req.query('year'), clock, tz)
    const id = (k: string) => (Number.isInteger(Number(c.req.query(k))) ? Number(c.req.query(k)) : null)
    const done = id('annual')
    const flash = c.req.query('assigned')
      ? ({ kind: 'assigned', examId: id('assigned') } as const)
      : c.req.query('recorded')
        ? ({ kind: 'recorded', examId: id('recorded') } as const)
        : null
    return page(c, scope, year, blank(scope), [], done, 200, { ...blankAppointment(), flash })
  })

  app.route(
    '/',
    appointmentUiRoutes(deps, (c, scope, year, appointment, status) =>
      page(c, scope, year, blank(scope), [], null, status, { ...blankAppointment(), ...appointment }),
    ),
  )

  app.post('/exams/annual', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const body = await c.req.parseBody()
    const text = (k: keyof AnnualForm) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, 100) : '')
    const form: AnnualForm = {
      unitCode: text('unitCode'),
      title: text('title'),
      opensAt: text('opensAt'),
      closesAt: text('closesAt'),
      minutes: text('minutes'),
      passScore: text('passScore'),
      questions: text('questions'),
      attempts: text('attempts'),
    }
    const opensAt = parseDateTime(form.opensAt, tz)
    const closesAt = parseDateTime(form.closesAt, tz)
    const minutes = wholeWithin(form.minutes, ANNUAL_LIMITS.minutes)
    const questions = wholeWithin(form.questions, ANNUAL_LIMITS.questions)
    const attempts = wholeWithin(form.attempts, ANNUAL_LIMITS.attempts)
    const passScore = passScoreOf(form.passScore)
    const errors: string[] = []
    if (!opensAt) errors.push(ANNUAL.badTime(ANNUAL.opensAt))
    if (!closesAt) errors.push(ANNUAL.badTime(ANNUAL.closesAt))
    if (minutes === null) errors.push(ANNUAL.badNumber(ANNUAL.minutes, ...ANNUAL_LIMITS.minutes))
    if (passScore === null) errors.push(ANNUAL.badScore)
    if (questions === null) errors.push(ANNUAL.badNumber(ANNUAL.questions, ...ANNUAL_LIMITS.questions))
    if (attempts === null) errors.push(ANNUAL.badNumber(ANNUAL.attempts, ...ANNUAL_LIMITS.attempts))
    // the one rule of src/text.ts, as the API's title has it: a NUL or a zero-width character refused, naming it
    const invisible = invisibleProblem(ANNUAL.title, form.title)
    if (invisible) errors.push(invisible)
    const year = yearParam(undefined, clock, tz)
    // a unit outside the viewer's subtree (or none) is refused like the API's scope check
    if (!scope.byCode.has(form.unitCode)) return page(c, scope, year, form, [ANNUAL.outsideScope], null, 403)
    if (errors.length > 0 || !opensAt || !closesAt || minutes === null || passScore === null || questions === null || attempts === null) {
      return page(c, scope, year, form, errors, null, 400)
    }
    try {
      const a = await scheduleAnnualExam(
        { db, clock, tz },
        {
          unitCode: form.unitCode,
          title: normalizeText(form.title) || undefined,
          opensAt,
          closesAt,
          minutes,
          passScore,
          questions,
          attempts,
        },
        actorOf(c),
      )
      return c.redirect(`/ui/exams?year=${localYear(opensAt, tz)}&annual=${a.id}#annual`, 303)
    } catch (e) {
      if (e instanceof AnnualRefusal) {
        const status = e.code === 'CONFLICT' ? 409 : e.code === 'NOT_FOUND' ? 404 : 400
        return page(c, scope, year, form, [e.zh], null, status)
      }
      throw e
    }
  })

  return app
}
