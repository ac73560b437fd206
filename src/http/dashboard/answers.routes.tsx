/** /ui/attempts/:id: one person's answer sheet, and 改判 — marking a short answer, or overruling the automatic mark. */
import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { correctAnswer } from '../../answering/corrections.service.js'
import { findOfficial, type Official } from '../../roster/officials.repo.js'
import { TYPE_ZH } from '../../quizzes/copy.zh.js'
import { annualSpecOf } from '../../exams/annual.rules.js'
import { findAttempt, type Attempt } from '../../quizzes/attempts.repo.js'
import { loadAttemptView, type AttemptView } from '../../quizzes/attempt-view.js'
import { displayAnswer, LETTERS } from '../../quizzes/grading.rules.js'
import { ANSWERS, actorLabel, QUIZ } from './views/copy.zh.js'
import { AnswerSheetPage, type AnswerRow } from './views/answer-sheet.js'
import { canChange, loadScope, pageUser, render, unitName, type Scope } from './ui-context.js'
import type { UiContext, UiDeps, UiEnv } from './ui-env.js'
import { actorOf } from '../common/types.js'

type ScopedAttempt = { attempt: Attempt; official: Official }

function rowsOf(view: AttemptView): AnswerRow[] {
  return view.attempt.layout.items.map((item, i) => {
    const q = view.questions.get(item.q)!
    const a = view.answers.get(i + 1)
    const mark = !a ? 'unanswered' : a.isCorrect === null ? 'pending' : a.isCorrect ? 'right' : 'wrong'
    return {
      position: i + 1,
      typeLabel: TYPE_ZH[q.type],
      stem: q.stem,
      options: q.options.map((o, k) => `${LETTERS[k]}. ${o}`),
      rightAnswer: displayAnswer(q.type, q.answer),
      given: a ? displayAnswer(q.type, a.given) : null,
      mark,
      corrected: a?.correctedBy ? { by: actorLabel(a.correctedBy) ?? a.correctedBy, reason: a.correctionReason ?? '' } : null,
    }
  })
}

export function answerUiRoutes(deps: UiDeps): Hono<UiEnv> {
  const { db, clock } = deps
  const tz = deps.config.XUEFA_TZ
  const app = new Hono<UiEnv>()

  /** The attempt named in the URL and its person; one of a person outside the viewer's units is answered as missing. */
  async function scopedAttempt(c: UiContext, scope: Scope) {
    const id = Number(c.req.param('id'))
    const attempt = Number.isInteger(id) && id > 0 ? await findAttempt(db, id) : null
    if (!attempt) throw new AppError('NOT_FOUND', 'no such attempt')
    const official = await findOfficial(db, attempt.officialId)
    if (!official || !scope.byCode.has(official.unitCode)) throw new AppError('NOT_FOUND', 'no such attempt')
    return { attempt, official }
  }

  async function page(c: UiContext, scope: Scope, target: ScopedAttempt, flash: string | null, status: 200 | 400 = 200) {
    const shown = flash === null ? null : { message: flash, error: status !== 200 }
    const { official } = target
    const view = await loadAttemptView(db, target.attempt)
    const { attempt, quiz } = view
    // a 年度学法考试's quiz carries the exam's title; a 任前 exam's has none
    const title = quiz.title ?? (annualSpecOf(quiz.spec)?.title || ANSWERS.exam)
    const head = {
      attemptId: attempt.id,
      name: official.name,
      unitName: unitName(scope, official.unitCode),
      title,
      // a session's quiz goes back to its results; an exam (no session) to the exams page
      back: quiz.sessionId
        ? { href: `/ui/sessions/${encodeURIComponent(quiz.sessionId)}/quiz`, label: QUIZ.title(title) }
        : { href: '/ui/exams', label: ANSWERS.examsPage },
      attemptNo: attempt.attemptNo,
      state: attempt.state,
      score: attempt.score,
      passScore: quiz.passScore,
      passed: attempt.passed,
    }
    const rows = rowsOf(view)
    return render(
      c,
      <AnswerSheetPage user={pageUser(c, scope)} head={head} rows={rows} canEdit={canChange(c.get('auth'))} flash={shown} />,
      status,
    )
  }

  app.get('/attempts/:id', async (c) => {
    const scope = await loadScope(db, c.get('auth'))
    const target = await scopedAttempt(c, scope)
    // only which question was changed comes from the link; the score shown is the attempt's own
    const n = Number(c.req.query('n'))
    const flash = c.req.query('done') === 'corrected' && Number.isInteger(n) && n > 0 ? ANSWERS.corrected(n) : null
    return page(c, scope, target, flash)
  })

  app.post('/attempts/:id/corrections', async (c) => {
    if (!canChange(c.get('auth'))) throw new AppError('FORBIDDEN', 'this role may only read')
    const scope = await loadScope(db, c.get('auth'))
    const target = await scopedAttempt(c, scope)
    const body = await c.req.parseBody()
    const position = Number(body.position)
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 200) : ''
    if (body.mark !== 'right' && body.mark !== 'wrong') throw new AppError('INVALID_INPUT', 'mark must be right or wrong')
    if (reason === '') return page(c, scope, target, ANSWERS.noReason, 400)
    const attemptId = target.attempt.id
    await correctAnswer({ db, clock, tz }, { attemptId, position, isCorrect: body.mark === 'right', reason }, actorOf(c))
    return c.redirect(`/ui/attempts/${attemptId}?done=corrected&n=${position}`, 303)
  })

  return app
}
