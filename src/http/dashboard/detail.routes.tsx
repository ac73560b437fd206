import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { formatLocal } from '../../calendar.js'
import { cancelSession } from '../../sessions/sessions.service.js'
import { markAttendance } from '../../sessions/attendance.service.js'
import { parseAttendanceStatus } from '../../sessions/session.rules.js'
import { assertOfficialsInScope } from '../common/scope.js'
import { DETAIL, actorLabel, audienceLabel } from './views/copy.zh.js'
import { SessionDetailPage } from './views/session-detail.js'
import { QuizResultsPage } from './views/quiz-results.js'
import { pageAudienceSheet } from '../../sessions/audience.repo.js'
import { sessionTimeline } from '../../sessions/timeline.service.js'
import { sessionCapacity } from '../../sessions/capacity.service.js'
import { CAPACITY } from '../../sessions/capacity.copy.zh.js'
import { capacityPanel } from './capacity-panel.js'
import type { CapacityPanelData } from './views/capacity.js'
import type { Session } from '../../sessions/sessions.repo.js'
import { findSessionQuizResults } from '../../quizzes/results.repo.js'
import { lawsWithoutQuestionsZh, quizLeftOutZh } from '../../quizzes/quiz.service.js'
import { canChange, loadScope, pageUser, render, unitName } from './ui-context.js'
import { findScopedSession } from './scoped-session.js'
import type { UiDeps, UiEnv } from './ui-env.js'
import { actorOf } from '../common/types.js'

export const SHEET_PAGE_SIZE = 200

const DONE: Record<string, (n: number) => string> = {
  created: () => DETAIL.created,
  saved: () => DETAIL.created,
  marked: (n) => DETAIL.saved(n),
  cancelled: () => DETAIL.cancelled,
}

/** After a save, the flash also points at the capacity warnings, which say why and what to do. */
const SAVED = new Set(['created', 'quiz', 'quizfailed', 'saved'])

export function detailUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const local = (iso: string | null) => (iso === null ? null : formatLocal(new Date(iso), tz))
  const app = new Hono<UiEnv>()

  async function capacityOf(s: Session): Promise<CapacityPanelData> {
    const r = await sessionCapacity({ db, clock, tz, accounts: deps.config.XUEFA_BOT_ACCOUNTS }, s)
    return { ...capacityPanel(r, tz), unitHref: `/ui/capacity?unit=${encodeURIComponent(s.unitCode)}` }
  }

  app.get('/sessions/:id', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const s = await findScopedSession(db, scope, c.req.param('id'))
    const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1)
    const { total, people } = await pageAudienceSheet(db, s, scope.path, {
      limit: SHEET_PAGE_SIZE,
      offset: (page - 1) * SHEET_PAGE_SIZE,
    })
    const pages = Math.max(1, Math.ceil(total / SHEET_PAGE_SIZE))
    if (page > pages) return c.redirect(`/ui/sessions/${encodeURIComponent(s.id)}?page=${pages}`, 303)
    const rows = people.map((p) => ({
      officialId: p.officialId,
      name: p.name,
      unitName: unitName(scope, p.unitCode),
      status: parseAttendanceStatus(p.status ?? ''),
      markedBy: actorLabel(p.markedBy),
      markedAtLocal: local(p.markedAt),
    }))
    const overview = {
      id: s.id,
      title: s.title,
      kind: s.kind,
      status: s.status,
      startsLocal: local(s.startsAt)!,
      unitName: unitName(scope, s.unitCode),
      body: s.body,
      meetingNo: s.meetingNo,
      hours: s.hours,
      presenter: s.presenter,
      laws: s.laws,
      audience: audienceLabel(
        (s.audience?.unitCodes ?? []).map((u) => unitName(scope, u)),
        s.audience?.officialIds?.length ?? 0,
        s.audience?.leadersOnly ?? false,
        unitName(scope, s.unitCode),
      ),
    }
    const [steps, capacity] = await Promise.all([sessionTimeline(db, s, clock.now()), capacityOf(s)])
    const timeline = steps.map((t) => ({ step: t.step, atLocal: local(t.at)!, state: t.state }))
    const done = c.req.query('done')
    const said =
      done === 'quizfailed'
        ? DETAIL.quizFailed + (await quizLeftOutZh(db, s.laws))
        : done === 'quiz'
          ? DETAIL.quizCreated + ((await lawsWithoutQuestionsZh(db, s.laws)) ?? '')
          : done && Object.hasOwn(DONE, done)
            ? DONE[done]!(Number(c.req.query('n') ?? 0))
            : null
    const flash = said && SAVED.has(done ?? '') && capacity.warnings.length ? `${said}${CAPACITY.seeWarning}` : said
    return render(
      c,
      <SessionDetailPage
        user={pageUser(c, scope)}
        session={overview}
        sheet={{ rows, expected: total, page, pages }}
        timeline={timeline}
        capacity={capacity}
        canEdit={canChange(c.get('auth'))}
        flash={flash}
      />,
    )
  })

  app.post('/sessions/:id/attendance', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const s = await findScopedSession(db, scope, c.req.param('id'))
    const body = await c.req.parseBody()
    const marks = Object.entries(body).flatMap(([key, value]) => {
      if (!key.startsWith('mark:') || typeof value !== 'string' || value === '') return []
      const status = parseAttendanceStatus(value)
      if (!status) throw new AppError('INVALID_INPUT', `unknown attendance status ${value}`)
      return [{ officialId: key.slice(5), status }]
    })
    await assertOfficialsInScope(
      db,
      c.get('auth'),
      marks.map((m) => m.officialId),
    )
    const result = marks.length ? await markAttendance({ db, clock, tz }, s.id, marks, { ...actorOf(c), source: 'ui' }) : { marked: 0 }
    const page = typeof body.page === 'string' && /^\d+$/.test(body.page) ? body.page : '1'
    return c.redirect(`/ui/sessions/${encodeURIComponent(s.id)}?page=${page}&done=marked&n=${result.marked}#attendance`, 303)
  })

  app.post('/sessions/:id/cancel', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const s = await findScopedSession(db, scope, c.req.param('id'))
    await cancelSession({ db, clock, tz }, s.id, actorOf(c))
    return c.redirect(`/ui/sessions/${encodeURIComponent(s.id)}?done=cancelled`, 303)
  })

  app.get('/sessions/:id/quiz', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const s = await findScopedSession(db, scope, c.req.param('id'))
    const found = await findSessionQuizResults(db, s.id, scope.path)
    const quiz = found && {
      passScore: found.passScore,
      rows: found.rows.map((r) => ({
        ...r,
        unitName: unitName(scope, r.unitCode),
        finishedAtLocal: local(r.finishedAt),
        sheetHref: `/ui/attempts/${r.latestAttemptId}`,
      })),
    }
    return render(c, <QuizResultsPage user={pageUser(c, scope)} sessionId={s.id} title={s.title} quiz={quiz} />)
  })

  return app
}
