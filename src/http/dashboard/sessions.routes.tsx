import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { addLocalDays, formatLocal, localDate, localDateTime, yearRange, zonedParts } from '../../calendar.js'
import { listSessions, type Session } from '../../sessions/sessions.repo.js'
import { createSession, type QuizOutcome, updateSession } from '../../sessions/sessions.service.js'
import { SESSION_KINDS, SESSION_STATUSES, type SessionKind, type SessionStatus } from '../../sessions/session.rules.js'
import { DETAIL, FORM } from './views/copy.zh.js'
import { SessionsListPage } from './views/sessions-list.js'
import { CalendarPage } from './views/calendar.js'
import { SessionFormPage, type SessionFormValues } from './views/session-form.js'
import type { SessionQuizSpec } from './session-form.js'
import { adjacentMonths, monthGrid } from './calendar-grid.js'
import { emptyFormValues, formValuesOf, formValuesOfSession, parseSessionForm } from './session-form.js'
import { canChange, loadScope, pageUser, render, unitName, unitOptions, unitParam, yearParam, type Scope } from './ui-context.js'
import { findScopedSession } from './scoped-session.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'
import { actorOf } from '../common/types.js'
import { listLawsWithQuestions } from '../../quizzes/questions.repo.js'

const pick = <T extends string>(all: readonly T[], v: string | undefined): T | undefined =>
  (all as readonly string[]).includes(v ?? '') ? (v as T) : undefined

/** A quiz asked for on the form goes with the session, which is saved even when the bank cannot fill it. */
const quizOf = (quiz: SessionQuizSpec | null) => (quiz ? { quiz, quizOptional: true } : {})

/** The session is saved whatever happens to its quiz; a quiz added is said, one the bank cannot fill is reported, not fatal. */
const doneOf = (quiz: QuizOutcome) => (quiz === 'created' ? 'quiz' : quiz === 'left_out' ? 'quizfailed' : null)

function requireChange(c: UiContext): void {
  if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
}

export function sessionUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()
  async function filtered(c: UiContext, scope: Scope, from: string, to: string) {
    const unit = unitParam(scope, c.req.query('unit'))
    const kind = pick<SessionKind>(SESSION_KINDS, c.req.query('kind'))
    const status = pick<SessionStatus>(SESSION_STATUSES, c.req.query('status'))
    const sessions =
      scope.units.length === 0
        ? []
        : await listSessions(db, { from, to, unitCode: unit || (c.get('auth').unitCode ?? undefined), kind, status, limit: 5000 })
    return { sessions, state: { unit, kind: kind ?? '', status: status ?? '' } }
  }

  app.get('/sessions', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const year = yearParam(c.req.query('year'), clock, tz)
    const { sessions, state } = await filtered(c, scope, yearRange(year, tz).from, yearRange(year, tz).to)
    const rows = sessions.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      status: s.status,
      startsLocal: formatLocal(new Date(s.startsAt), tz),
      unitName: unitName(scope, s.unitCode),
      laws: s.laws,
    }))
    const flash = c.req.query('done') === 'cancelled' ? DETAIL.cancelled : null
    return render(
      c,
      <SessionsListPage user={pageUser(c, scope)} filters={{ year, ...state }} units={unitOptions(scope)} sessions={rows} flash={flash} />,
    )
  })

  app.get('/calendar', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const now = zonedParts(clock.now(), tz)
    const year = yearParam(c.req.query('year'), clock, tz)
    const m = Number(c.req.query('month'))
    const month = Number.isInteger(m) && m >= 1 && m <= 12 ? m : year === now.year ? now.month : 1
    const from = localDateTime(`${year}-${String(month).padStart(2, '0')}-01`, '00:00', tz).toISOString()
    const [ny, nm] = adjacentMonths(year, month).next
    const to = localDateTime(`${ny}-${String(nm).padStart(2, '0')}-01`, '00:00', tz).toISOString()
    const { sessions, state } = await filtered(c, scope, from, to)
    const items = sessions.map((s) => ({
      id: s.id,
      title: s.title,
      status: s.status,
      date: localDate(new Date(s.startsAt), tz),
      time: formatLocal(new Date(s.startsAt), tz).slice(11),
    }))
    const { prev, next } = adjacentMonths(year, month)
    return render(
      c,
      <CalendarPage
        user={pageUser(c, scope)}
        filters={{ year, month, ...state }}
        units={unitOptions(scope)}
        weeks={monthGrid(year, month, items)}
        prev={prev}
        next={next}
      />,
    )
  })

  const formPage = async (c: UiContext, scope: Scope, values: SessionFormValues, errors: string[], id?: string, askPast = false) =>
    render(
      c,
      <SessionFormPage
        user={pageUser(c, scope)}
        id={id}
        values={values}
        units={unitOptions(scope)}
        bankLaws={await listLawsWithQuestions(db)}
        errors={errors}
        askPast={askPast}
      />,
      errors.length ? 400 : 200,
    )

  /**
   * A start in the past is recorded as held (sessions.service.ts): the form says so and asks once before saving —
   * a new session, or a start moved into the past, not yet confirmed.
   */
  const pastUnconfirmed = (values: SessionFormValues, startsAt: Date, existing?: Session): boolean =>
    !values.pastConfirmed &&
    startsAt.getTime() < clock.now().getTime() &&
    (existing === undefined || Date.parse(existing.startsAt) !== startsAt.getTime())

  /** The form checked, and every unit it names within the viewer's units. */
  async function parsed(c: UiContext, scope: Scope, existing?: Session) {
    const values = formValuesOf(await c.req.parseBody({ all: true }))
    for (const u of [values.unitCode, ...values.audienceUnits]) unitParam(scope, u || '-')
    return { values, result: parseSessionForm(values, tz, existing?.audience?.officialIds ?? []) }
  }

  app.get('/sessions/new', async (c) => {
    requireChange(c)
    const scope = await loadScope(db, c.get('auth'))
    // today 09:00 while it is ahead, else tomorrow's: the default is never already past
    const today = localDate(clock.now(), tz)
    const day = localDateTime(today, '09:00', tz).getTime() > clock.now().getTime() ? today : addLocalDays(today, 1)
    const start = `${day}T09:00`
    return formPage(c, scope, emptyFormValues(scope.units[0]?.code ?? '', start), [])
  })

  app.post('/sessions', async (c) => {
    requireChange(c)
    const scope = await loadScope(db, c.get('auth'))
    const { values, result } = await parsed(c, scope)
    if (!result.ok) return formPage(c, scope, values, result.errors)
    if (pastUnconfirmed(values, result.input.startsAt)) {
      return formPage(c, scope, values, [FORM.pastAsk(values.startsAt.replace('T', ' '))], undefined, true)
    }
    const { session, quiz } = await createSession({ db, clock, tz }, { ...result.input, ...quizOf(result.quiz) }, actorOf(c))
    return c.redirect(`/ui/sessions/${encodeURIComponent(session.id)}?done=${doneOf(quiz) ?? 'created'}`, 303)
  })

  app.get('/sessions/:id/edit', async (c) => {
    requireChange(c)
    const scope = await loadScope(db, c.get('auth'))
    const session = await findScopedSession(db, scope, c.req.param('id'))
    const bank = (await listLawsWithQuestions(db)).map((l) => l.title)
    return formPage(c, scope, formValuesOfSession(session, tz, bank), [], session.id)
  })

  app.post('/sessions/:id', async (c) => {
    requireChange(c)
    const scope = await loadScope(db, c.get('auth'))
    const session = await findScopedSession(db, scope, c.req.param('id'))
    const { values, result } = await parsed(c, scope, session)
    if (!result.ok) return formPage(c, scope, values, result.errors, session.id)
    if (pastUnconfirmed(values, result.input.startsAt, session)) {
      return formPage(c, scope, values, [FORM.pastAsk(values.startsAt.replace('T', ' '))], session.id, true)
    }
    const { source: _source, status, ...changes } = result.input
    // the status as it was is no change: a start moved ahead plans a held session again
    const asked = status === session.status ? {} : { status }
    const { quiz } = await updateSession({ db, clock, tz }, session.id, { ...changes, ...asked, ...quizOf(result.quiz) }, actorOf(c))
    return c.redirect(`/ui/sessions/${encodeURIComponent(session.id)}?done=${doneOf(quiz) ?? 'saved'}`, 303)
  })

  return app
}
