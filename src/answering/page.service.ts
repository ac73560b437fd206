/**
 * The mobile page behind a personal link (CONTRACT §8): a session's quiz answered in one form, and an exam taken
 * with a timer the server keeps. The same attempts, answers, grading and closing as chat (answering.service.ts,
 * exam-start.service.ts, exams/exam-closing.ts), only another way in. A 年度学法考试 follows its own rules
 * (annual.rules.ts: the window, the attempts allowed; annual-start.service.ts starts its sittings) and sends no
 * result message for a sitting closed here: the person is looking at the page.
 */
import type { InStatement } from '@libsql/client'
import type { LinkIssuer } from '../access/links.service.js'
import { isUniqueViolation } from '../storage/errors.js'
import { gradeAnswer, parseResponse, toCanonical, toShown, type QuestionType } from '../quizzes/grading.rules.js'
import {
  clearAnswerStatement,
  findAttempt,
  insertAnswerStatement,
  listAttempts,
  saveAnswerStatement,
  type Attempt,
  type NewAnswer,
} from '../quizzes/attempts.repo.js'
import {
  gradedAnswer,
  isOverdue,
  loadAttemptView,
  quizWindow,
  scoreView,
  type AttemptScore,
  type AttemptView,
} from '../quizzes/attempt-view.js'
import { findQuestions } from '../quizzes/questions.repo.js'
import { attemptLayout, layoutQuestions } from '../quizzes/layout.rules.js'
import { quizFor } from '../quizzes/extensions.repo.js'
import { findQuizByExam, findQuizBySession, listQuizQuestionIds, type Quiz } from '../quizzes/quizzes.repo.js'
import { afterSitting, sittingToStart } from '../exams/exam.rules.js'
import { annualStart, annualTermsOf, type AnnualStart, type AnnualTerms } from '../exams/annual.rules.js'
import { startAnnualSitting } from './annual-start.service.js'
import { examResultStatements } from '../exams/exam-link.js'
import { findExam, type Exam } from '../exams/exams.repo.js'
import { closeAttempt, closingOf, type QuizDeps } from './answering.service.js'
import { startSitting } from './exam-start.service.js'
import { openAttempt } from './quiz-start.service.js'

export interface PageDeps extends QuizDeps {
  /** signs the make-up's link in a result message */
  links: LinkIssuer
}

/** A question as the person sees it: options in their order, their answer in their letters. */
export interface PageQuestion {
  position: number
  type: QuestionType
  stem: string
  options: string[]
  /** the person's letters ('AC'), 'T' / 'F', the text of a short answer, or null */
  given: string | null
}

export interface ReviewedQuestion extends PageQuestion {
  /** the right answer in the person's letters ('T' / 'F'; the reference text of a short question) */
  right: string
  /** null: a short answer waiting for a marker, or unanswered */
  isCorrect: boolean | null
  credit: number
  explanation: string | null
  lawTitle: string
  article: string | null
}

function pageQuestions(view: Pick<AttemptView, 'attempt' | 'questions' | 'answers'>): PageQuestion[] {
  return view.attempt.layout.items.map((item, i) => {
    const q = view.questions.get(item.q)!
    const a = view.answers.get(i + 1)
    return {
      position: i + 1,
      type: q.type,
      stem: q.stem,
      options: item.perm.map((c) => q.options[c]!),
      given: a ? toShown(a.given, item.perm) : null,
    }
  })
}

function reviewedQuestions(view: AttemptView): ReviewedQuestion[] {
  const partialCredit = view.attempt.layout.partialCredit === true
  return pageQuestions(view).map((p) => {
    const item = view.attempt.layout.items[p.position - 1]!
    const q = view.questions.get(item.q)!
    const a = view.answers.get(p.position)
    let isCorrect: boolean | null = false
    let credit = 0
    if (a && (a.correctedBy != null || q.type === 'short')) {
      // a marker's decision stands; a short answer is right only once marked so
      isCorrect = a.isCorrect
      credit = a.isCorrect === true ? 1 : 0
    } else if (a) {
      ;({ isCorrect, credit } = gradeAnswer(q.type, q.answer, a.given, { partialCredit }))
    }
    return {
      ...p,
      right: toShown(q.answer, item.perm),
      isCorrect,
      credit,
      explanation: q.explanation,
      lawTitle: q.lawTitle,
      article: q.article,
    }
  })
}

/** The answer to `position` given as the person's letters (or T / F, or text), graded as chat grades it; null when unusable. */
function gradeShown(view: AttemptView, position: number, shown: string, answeredAt: string): NewAnswer | null {
  const item = view.attempt.layout.items[position - 1]
  if (!item) return null
  const q = view.questions.get(item.q)!
  const parsed = parseResponse(shown, q.type, item.perm.length || q.options.length)
  if (parsed.kind !== 'answer') return null
  return gradedAnswer(view, position, toCanonical(parsed.value, item.perm), answeredAt).answer
}

// ---------------------------------------------------------------- a session's quiz

export interface AttemptResult {
  attempt: Attempt
  score: AttemptScore
  questions: ReviewedQuestion[]
}

export type QuizPage =
  | { kind: 'none' }
  | { kind: 'not_open'; quiz: Quiz }
  /** the form of attempt `attemptNo`; questions answered in chat already carry `given` and are not asked again */
  | { kind: 'form'; quiz: Quiz; attemptNo: number; questions: PageQuestion[]; previous: AttemptResult | null }
  /** the latest closed attempt; `retake`: another may be started now */
  | { kind: 'result'; quiz: Quiz; result: AttemptResult; retake: boolean; closed: boolean }
  /** past its deadline (or closed with the session) without an attempt of this person */
  | { kind: 'closed'; quiz: Quiz }

async function resultOf(deps: QuizDeps, attempt: Attempt): Promise<AttemptResult> {
  const view = await loadAttemptView(deps.db, attempt)
  return { attempt, score: scoreView(view), questions: reviewedQuestions(view) }
}

/** What the session's page shows of its quiz for this person; `retake` asks for the form of a new attempt. */
export async function quizPage(deps: QuizDeps, officialId: string, sessionId: string, opts: { retake?: boolean } = {}): Promise<QuizPage> {
  const { db } = deps
  const quiz = await quizFor(db, await findQuizBySession(db, sessionId), officialId)
  if (!quiz) return { kind: 'none' }
  const now = deps.clock.now().toISOString()
  let attempts = await listAttempts(db, quiz.id, officialId)
  const open = attempts.find((a) => a.state === 'open')
  if (open) {
    const view = await loadAttemptView(db, open)
    if (!isOverdue(open, quiz, now)) {
      return { kind: 'form', quiz, attemptNo: open.attemptNo, questions: pageQuestions(view), previous: null }
    }
    // closed as chat closes it: past the deadline, unanswered questions earn nothing
    await closeAttempt(deps, view, 'expired')
    attempts = await listAttempts(db, quiz.id, officialId)
  }
  const last = attempts.filter((a) => a.state !== 'open').at(-1)
  const window = quizWindow(quiz, now)
  const closed = window === 'closed'
  if (closed) return last ? { kind: 'result', quiz, result: await resultOf(deps, last), retake: false, closed } : { kind: 'closed', quiz }
  if (window === 'not_yet') return { kind: 'not_open', quiz }
  const retake = quiz.retakes !== 'none'
  if (last && !(opts.retake && retake)) return { kind: 'result', quiz, result: await resultOf(deps, last), retake, closed }
  const attemptNo = attempts.length + 1
  const ids = await listQuizQuestionIds(db, quiz.id)
  const questions = await findQuestions(db, ids)
  const layout = attemptLayout(quiz, officialId, attemptNo, layoutQuestions(ids, questions))
  const virtual = { attempt: { layout } as Attempt, questions, answers: new Map() }
  return { kind: 'form', quiz, attemptNo, questions: pageQuestions(virtual), previous: last ? await resultOf(deps, last) : null }
}

export type QuizSubmission =
  | { kind: 'done' }
  /** positions left without a usable answer: nothing was recorded */
  | { kind: 'missing'; positions: number[] }
  /** not the attempt the page offers now (already handed in, closed, another attempt number): nothing was recorded */
  | { kind: 'stale' }

/** The whole form at once: every question the attempt still lacks must be answered; then graded and closed as in chat. */
export async function submitQuizPage(
  deps: QuizDeps,
  officialId: string,
  sessionId: string,
  attemptNo: number,
  given: ReadonlyMap<number, string>,
): Promise<QuizSubmission> {
  const page = await quizPage(deps, officialId, sessionId, { retake: true })
  if (page.kind !== 'form' || page.attemptNo !== attemptNo) return { kind: 'stale' }
  const missing = page.questions.filter((q) => q.given === null && !isUsable(q, given.get(q.position))).map((q) => q.position)
  if (missing.length > 0) return { kind: 'missing', positions: missing }
  const { db, clock } = deps
  const ids = await listQuizQuestionIds(db, page.quiz.id)
  const attemptId = await openAttempt(deps, page.quiz, officialId, attemptNo, ids, null)
  const attempt = await findAttempt(db, attemptId)
  if (attempt?.state !== 'open') return { kind: 'stale' }
  const view = await loadAttemptView(db, attempt)
  const now = clock.now().toISOString()
  const stmts: InStatement[] = []
  for (const q of page.questions) {
    if (view.answers.has(q.position)) continue
    const answer = gradeShown(view, q.position, given.get(q.position) ?? '', now)
    if (!answer) return { kind: 'missing', positions: [q.position] }
    stmts.push(insertAnswerStatement(answer))
    view.answers.set(q.position, { ...answer, id: 0 })
  }
  const closing = await closingOf(deps, view, 'finished', now)
  try {
    await db.batch([...stmts, ...closing.stmts])
  } catch (e) {
    // the same form sent twice at once, or chat answered a question meanwhile: the other write stands
    if (isUniqueViolation(e)) return { kind: 'stale' }
    throw e
  }
  return { kind: 'done' }
}

function isUsable(q: PageQuestion, value: string | undefined): boolean {
  if (value === undefined) return false
  return parseResponse(value, q.type, q.options.length || 2).kind === 'answer'
}

// ---------------------------------------------------------------- an exam

export interface SittingResult {
  attemptNo: number
  state: Attempt['state']
  score: number
  passed: boolean
  answered: number
  total: number
  /** right / wrong per question (answers are not shown: the bank serves the make-up too) */
  marks: (boolean | null)[]
}

export type ExamPage =
  | { kind: 'not_open'; exam: Exam }
  /** the start button of sitting `sitting` (2: the make-up) */
  | { kind: 'intro'; exam: Exam; sitting: number; questions: number; sittings: SittingResult[] }
  | { kind: 'running'; exam: Exam; attemptId: number; sitting: number; questions: PageQuestion[]; endsAt: string; remainingSeconds: number }
  /** passed, or no sitting left */
  | { kind: 'finished'; exam: Exam; sittings: SittingResult[] }
  /**
   * A 年度学法考试 with no sitting running: what `annualStart` decides now (start one, not open yet, closed,
   * passed, attempts used up), its terms, the sittings taken and the best of them (the one that counts).
   */
  | {
      kind: 'annual'
      exam: Exam
      terms: AnnualTerms
      decision: AnnualStart
      questions: number
      sittings: SittingResult[]
      best: SittingResult | null
    }

/** The exam of the link if it is this person's, with its quiz (a 年度学法考试 only as xuefa runs it: with its window). */
async function examOf(deps: QuizDeps, officialId: string, examId: number): Promise<{ exam: Exam; quiz: Quiz } | null> {
  const exam = await findExam(deps.db, examId)
  if (!exam || exam.officialId !== officialId) return null
  const quiz = await findQuizByExam(deps.db, exam.id)
  if (!quiz || (exam.kind === 'annual' && !annualTermsOf(exam, quiz))) return null
  return { exam, quiz }
}

/**
 * Closes a sitting taken on the page as chat closes it (closingOf: the attempt, the exam_results row, the exam's
 * state) and, in the same transaction, plans the one result message chat would have replied with — not for a
 * 年度学法考试, whose page shows the result (handed in, or its time found run out by the person's own page).
 * Nothing when someone else (chat, the scheduler) closed it first.
 */
async function closeSitting(deps: PageDeps, exam: Exam, view: AttemptView, state: 'finished' | 'expired'): Promise<void> {
  const now = deps.clock.now()
  const closing = await closingOf(deps, view, state, now.toISOString())
  const message = exam.kind === 'annual' ? [] : resultMessage(deps, exam, view, closing.texts, now)
  const [close, ...rest] = closing.stmts
  await deps.db.write(async (tx) => {
    if ((await tx.execute(close!)).rowsAffected !== 1) return
    for (const st of [...rest, ...message]) await tx.execute(st)
  })
}

function resultMessage(deps: PageDeps, exam: Exam, view: AttemptView, texts: string[], now: Date): InStatement[] {
  const { passed } = scoreView(view)
  const makeup = afterSitting(view.attempt.attemptNo, passed).makeupOffered
  return examResultStatements(deps.links, exam, view.attempt.id, texts, makeup, now)
}

async function sittingResults(deps: QuizDeps, attempts: Attempt[]): Promise<SittingResult[]> {
  const out: SittingResult[] = []
  for (const a of attempts) {
    if (a.state === 'open') continue
    const r = await resultOf(deps, a)
    out.push({
      attemptNo: a.attemptNo,
      state: a.state,
      score: a.score ?? r.score.score,
      passed: a.passed ?? r.score.passed,
      answered: r.score.answered,
      total: r.score.total,
      marks: r.questions.map((q) => (q.given === null ? false : q.isCorrect)),
    })
  }
  return out
}

/** Whole seconds from `now` until `at` (0 once past): the page's timer. */
const secondsUntil = (at: string, now: Date) => Math.max(0, Math.floor((new Date(at).getTime() - now.getTime()) / 1000))

/** What the exam's page shows this person now (closing a sitting whose time ran out). Null: not this person's exam. */
export async function examPage(deps: PageDeps, officialId: string, examId: number): Promise<ExamPage | null> {
  const found = await examOf(deps, officialId, examId)
  if (!found) return null
  const { quiz } = found
  const now = deps.clock.now()
  let attempts = await listAttempts(deps.db, quiz.id, officialId)
  const open = attempts.find((a) => a.state === 'open')
  if (open) {
    const view = await loadAttemptView(deps.db, open)
    if (!isOverdue(open, quiz, now.toISOString())) {
      const endsAt = open.endsAt ?? quiz.deadlineAt ?? new Date(now.getTime() + 3600_000).toISOString()
      return {
        kind: 'running',
        exam: found.exam,
        attemptId: open.id,
        sitting: open.attemptNo,
        questions: pageQuestions(view),
        endsAt,
        remainingSeconds: secondsUntil(endsAt, now),
      }
    }
    await closeSitting(deps, found.exam, view, 'expired')
    attempts = await listAttempts(deps.db, quiz.id, officialId)
  }
  const exam = (await findExam(deps.db, examId))!
  const sittings = await sittingResults(deps, attempts)
  const terms = annualTermsOf(exam, quiz)
  if (terms) {
    const questions = (await listQuizQuestionIds(deps.db, quiz.id)).length
    const decision = annualStart(terms, attempts.length, now)
    const best = sittings.reduce<SittingResult | null>((b, s) => (b === null || s.score > b.score ? s : b), null)
    return { kind: 'annual', exam, terms, decision, questions, sittings, best }
  }
  const next = sittingToStart(exam.state, attempts.length)
  if (next === 'passed' || next === 'done') return { kind: 'finished', exam, sittings }
  if (next === 1 && exam.opensAt > now.toISOString()) return { kind: 'not_open', exam }
  const questions = attempts[0]?.layout.items.length ?? (await listQuizQuestionIds(deps.db, quiz.id)).length
  return { kind: 'intro', exam, sitting: next, questions, sittings }
}

/**
 * The start button: opens the next sitting (as chat's `任前考试` does; a 年度学法考试's as its rules allow).
 * `sitting`: the number of the sitting the button was for (null: a form without one, which starts nothing new);
 * a running sitting is left running whatever it says.
 */
export async function startExamOnPage(deps: PageDeps, officialId: string, examId: number, sitting: number | null): Promise<void> {
  const found = await examOf(deps, officialId, examId)
  if (!found) return
  const attempts = await listAttempts(deps.db, found.quiz.id, officialId)
  if (attempts.some((a) => a.state === 'open')) {
    // the annual start closes a sitting whose time ran out (no message: the page shows it); 任前 ones close on the page's load
    if (found.exam.kind === 'annual') await startAnnualSitting(deps, examId, officialId)
    return
  }
  if (sitting !== attempts.length + 1) return
  if (found.exam.kind === 'annual') {
    // resumes a running sitting, closes one whose time ran out (no message: the page shows it), or starts one if allowed
    await startAnnualSitting(deps, examId, officialId)
    return
  }
  await startSitting(deps, found.exam, officialId)
}

export type ExamSave =
  /** `saved`: answers written or taken back */
  | { kind: 'saved'; saved: number; remainingSeconds: number }
  /** the sitting is over (handed in, or its time ran out now: then it was closed, unanswered counting wrong) */
  | { kind: 'closed' }
  /** not this person's attempt of this exam */
  | { kind: 'refused' }

/**
 * Saves answers of a running sitting (each may be changed until it closes); `handIn` then closes it as finished.
 * The server's clock decides: past `ends_at` nothing is saved and the sitting is closed.
 */
export async function saveExamAnswers(
  deps: PageDeps,
  officialId: string,
  examId: number,
  attemptId: number,
  given: ReadonlyMap<number, string>,
  handIn: boolean,
): Promise<ExamSave> {
  const found = await examOf(deps, officialId, examId)
  const attempt = found ? await findAttempt(deps.db, attemptId) : null
  if (!found || !attempt || attempt.officialId !== officialId || attempt.quizId !== found.quiz.id) return { kind: 'refused' }
  if (attempt.state !== 'open') return { kind: 'closed' }
  const now = deps.clock.now()
  let view = await loadAttemptView(deps.db, attempt)
  if (isOverdue(attempt, found.quiz, now.toISOString())) {
    await closeSitting(deps, found.exam, view, 'expired')
    return { kind: 'closed' }
  }
  const stmts: InStatement[] = []
  for (const [position, value] of given) {
    const answer = gradeShown(view, position, value, now.toISOString())
    if (answer) stmts.push(saveAnswerStatement(answer))
    else if (value === '' && position >= 1 && position <= attempt.layout.items.length)
      stmts.push(clearAnswerStatement(attempt.id, position))
  }
  if (stmts.length > 0) await deps.db.batch(stmts)
  if (handIn) {
    view = await loadAttemptView(deps.db, attempt)
    await closeSitting(deps, found.exam, view, 'finished')
    return { kind: 'closed' }
  }
  const remainingSeconds = attempt.endsAt ? secondsUntil(attempt.endsAt, now) : 0
  return { kind: 'saved', saved: stmts.length, remainingSeconds }
}
