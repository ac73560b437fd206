/** The 任前 exam on /ui/exams: assigning one, recording the outcome, downloading the 成绩单 — within the viewer's units. */
import { Hono } from 'hono'
import { createLinkIssuer } from '../../access/links.service.js'
import { localYear } from '../../calendar.js'
import { publicBaseUrl } from '../../config.js'
import { AppError } from '../../errors.js'
import { scoreSheetFileName } from '../../exams/copy.zh.js'
import { parseOutcome } from '../../exams/exam.rules.js'
import { assignAppointmentExam, recordOutcomeOfExam } from '../../exams/exam.service.js'
import { findExam, type Exam } from '../../exams/exams.repo.js'
import { contentDisposition, renderScoreSheet } from '../../reports/render.js'
import { findOfficial } from '../../roster/officials.repo.js'
import { actorOf } from '../common/types.js'
import { checkAppointmentForm, readAppointmentForm } from './appointment-input.js'
import { canChange, loadScope, type Scope } from './ui-context.js'
import type { AppointmentForm } from './views/appointment-form.js'
import { EXAMS } from './views/copy.zh.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'

export interface AppointmentState {
  form: AppointmentForm
  errors: string[]
  flash: { kind: 'assigned' | 'recorded'; examId: number | null } | null
  refusal: string | null
}

type Status = 200 | 400 | 403 | 404 | 409
export type ExamsPageRenderer = (
  c: UiContext,
  scope: Scope,
  year: number,
  appointment: Partial<AppointmentState>,
  status: Status,
) => Response | Promise<Response>

/** An AppError's status on the page; the exams use-cases refuse in Chinese, so their message is shown as it is. */
const statusOf = (e: AppError): Status => (e.code === 'CONFLICT' ? 409 : e.code === 'NOT_FOUND' ? 404 : e.code === 'FORBIDDEN' ? 403 : 400)

export function appointmentUiRoutes(deps: UiDeps, page: ExamsPageRenderer): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()
  const thisYear = () => localYear(clock.now(), tz)

  /** The 任前 exam `id` when its candidate is within the viewer's units; null otherwise (said as not found). */
  async function examInScope(scope: Scope, id: number): Promise<Exam | null> {
    const exam = Number.isSafeInteger(id) ? await findExam(db, id) : null
    if (exam?.kind !== 'appointment') return null
    const official = await findOfficial(db, exam.officialId)
    return official && scope.byCode.has(official.unitCode) ? exam : null
  }

  app.post('/exams/appointment', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const form = readAppointmentForm(await c.req.parseBody())
    const input = checkAppointmentForm(form, tz)
    if (Array.isArray(input)) return page(c, scope, thisYear(), { form, errors: input }, 400)
    const official = await findOfficial(db, input.officialId)
    // someone outside the viewer's units is answered exactly as someone who does not exist
    const reachable = official !== null && scope.byCode.has(official.unitCode)
    if (!reachable || official.leftAt !== null) {
      return page(c, scope, thisYear(), { form, errors: [EXAMS.assign.noOfficial] }, reachable ? 403 : 400)
    }
    try {
      const links = await createLinkIssuer(db, publicBaseUrl(deps.config), () => clock.now())
      const a = await assignAppointmentExam({ db, clock, tz, links }, input, actorOf(c))
      return c.redirect(`/ui/exams?year=${localYear(input.opensAt, tz)}&assigned=${a.examId}#appointment`, 303)
    } catch (e) {
      if (e instanceof AppError) return page(c, scope, thisYear(), { form, errors: [e.message] }, statusOf(e))
      throw e
    }
  })

  app.post('/exams/appointment/outcome', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const body = await c.req.parseBody()
    const exam = await examInScope(scope, Number(body.examId))
    if (!exam) return page(c, scope, thisYear(), { refusal: EXAMS.noSuchExam }, 404)
    const year = localYear(new Date(exam.opensAt), tz)
    const outcome = typeof body.outcome === 'string' ? parseOutcome(body.outcome) : null
    if (!outcome) return page(c, scope, year, { refusal: EXAMS.badOutcome }, 400)
    try {
      await recordOutcomeOfExam({ db, clock, tz }, exam, outcome, actorOf(c))
    } catch (e) {
      if (e instanceof AppError) return page(c, scope, year, { refusal: e.message }, statusOf(e))
      throw e
    }
    return c.redirect(`/ui/exams?year=${year}&recorded=${exam.id}#appointment`, 303)
  })

  app.get('/exams/appointment/:id/sheet.docx', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const exam = await examInScope(scope, Number(c.req.param('id')))
    if (!exam) return page(c, scope, thisYear(), { refusal: EXAMS.noSuchExam }, 404)
    let docx: Buffer
    try {
      docx = await renderScoreSheet({ db, tz }, exam.id)
    } catch (e) {
      const year = localYear(new Date(exam.opensAt), tz)
      if (e instanceof AppError) return page(c, scope, year, { refusal: e.message }, statusOf(e))
      throw e
    }
    const official = await findOfficial(db, exam.officialId)
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    c.header(
      'Content-Disposition',
      contentDisposition(scoreSheetFileName(official?.name ?? exam.officialId), `score-sheet-${exam.id}.docx`),
    )
    return c.body(new Uint8Array(docx), 200)
  })

  return app
}
