/** `答题`: resume the open attempt, else start the person's next pending quiz, else say why there is none. */
import type { Executor } from '../storage/db.js'
import { isUniqueViolation } from '../storage/errors.js'
import { listOpenQuizIdsFor } from '../sessions/audience.repo.js'
import { attemptLayout, layoutQuestions, type Layout } from '../quizzes/layout.rules.js'
import { findQuestions } from '../quizzes/questions.repo.js'
import { listExtendedQuizIds, quizFor } from '../quizzes/extensions.repo.js'
import { listQuizQuestionIds, findQuizzes, type Quiz } from '../quizzes/quizzes.repo.js'
import { findAttempt, insertAttempt, listAttempts, listOpenAttempts } from '../quizzes/attempts.repo.js'
import {
  isOverdue,
  loadAttemptView,
  nextPosition,
  quizWindow,
  renderQuestion,
  shortTime,
  type AttemptView,
} from '../quizzes/attempt-view.js'
import { closeAttempt, type QuizDeps } from './answering.service.js'
import { examCopy, quizCopy } from '../quizzes/copy.zh.js'
import { annualSpecOf } from '../exams/annual.rules.js'
import { annualCopy } from '../exams/copy.zh.js'

/** Quizzes whose deadline passed within this many days are still mentioned to latecomers. */
const LATE_WINDOW_MS = 7 * 24 * 3600_000

export async function startOrResumeQuiz(deps: QuizDeps, officialId: string, opts: { inGroup?: boolean } = {}): Promise<string[]> {
  const { db, clock, tz } = deps
  const now = clock.now().toISOString()
  const [open] = await listOpenAttempts(db, officialId)
  if (open) {
    const view = await loadAttemptView(db, open)
    if (view.quiz.examId !== null && opts.inGroup) return [examCopy.groupAnswerRefused]
    if (isOverdue(open, view.quiz, now)) return closeAttempt(deps, view, 'expired')
    return resumeTexts(view, tz)
  }
  const pending = await pendingQuiz(deps, officialId)
  switch (pending.kind) {
    case 'start':
      return beginAttempt(deps, pending.quiz, officialId, pending.attemptNo)
    case 'notYet':
      return [quizCopy.notOpenYet(pending.quiz.title ?? '', shortTime(pending.quiz.opensAt, tz) ?? '')]
    case 'done':
      return [quizCopy.alreadyDone(pending.quiz.title ?? '', pending.score, pending.passed)]
    case 'missed':
      return [quizCopy.pastDeadline(pending.quiz.title ?? '', shortTime(pending.quiz.deadlineAt, tz) ?? '')]
    case 'none':
      return [quizCopy.nothingPending]
  }
}

export type PendingQuiz =
  /** the quiz to start now: a first attempt at the open quiz with the nearest deadline, else a retake */
  | { kind: 'start'; quiz: Quiz; attemptNo: number }
  | { kind: 'notYet'; quiz: Quiz }
  | { kind: 'done'; quiz: Quiz; score: number | null; passed: boolean | null }
  | { kind: 'missed'; quiz: Quiz }
  | { kind: 'none' }

/**
 * Which quiz a person with no open attempt answers next (`答题`, and a whole-quiz answer in one message): of the
 * open quizzes of live sessions that expect them, by deadline, the first not yet attempted; else one that may
 * be retaken; else why there is none.
 */
export async function pendingQuiz(deps: QuizDeps, officialId: string, onlyQuizId?: number): Promise<PendingQuiz> {
  const { db, clock } = deps
  const now = clock.now().toISOString()
  const since = new Date(clock.now().getTime() - LATE_WINDOW_MS).toISOString()
  const quizzes = (await quizzesFor(db, officialId, since)).filter((q) => onlyQuizId === undefined || q.id === onlyQuizId)
  let retake: { quiz: Quiz; attemptNo: number } | null = null
  let notYet: Quiz | null = null
  let done: { quiz: Quiz; score: number | null; passed: boolean | null } | null = null
  let missed: Quiz | null = null
  for (const quiz of quizzes) {
    const attempts = await listAttempts(db, quiz.id, officialId)
    const finished = attempts.filter((a) => a.state === 'finished')
    const window = quizWindow(quiz, now)
    if (window === 'closed') {
      if (finished.length === 0) missed ??= quiz
      continue
    }
    if (window === 'not_yet') {
      notYet ??= quiz
      continue
    }
    if (attempts.length === 0) return { kind: 'start', quiz, attemptNo: 1 }
    const last = finished[finished.length - 1]
    if (quiz.retakes !== 'none') retake ??= { quiz, attemptNo: attempts.length + 1 }
    else done ??= { quiz, score: last?.score ?? null, passed: last?.passed ?? null }
  }
  if (retake) return { kind: 'start', ...retake }
  if (notYet) return { kind: 'notYet', quiz: notYet }
  if (done) return { kind: 'done', ...done }
  if (missed) return { kind: 'missed', quiz: missed }
  return { kind: 'none' }
}

/** The quizzes the person could start a first attempt at now (open, before their deadline, never attempted), by deadline. */
export async function freshQuizzes(deps: QuizDeps, officialId: string): Promise<Quiz[]> {
  const now = deps.clock.now().toISOString()
  const fresh: Quiz[] = []
  for (const quiz of await quizzesFor(deps.db, officialId, now)) {
    if (quizWindow(quiz, now) !== 'open') continue
    if ((await listAttempts(deps.db, quiz.id, officialId)).length === 0) fresh.push(quiz)
  }
  return fresh
}

/** The open attempt's current question, introduced as a quiz or as the running exam. */
export function resumeTexts(view: AttemptView, tz: string): string[] {
  const position = nextPosition(view) ?? 1
  const total = view.attempt.layout.items.length
  const ends = shortTime(view.attempt.endsAt, tz) ?? ''
  const annual = annualSpecOf(view.quiz.spec)
  const intro =
    view.quiz.examId === null
      ? quizCopy.quizResume(view.quiz.title ?? '', view.answers.size, total)
      : annual
        ? annualCopy.resume(annual.title, view.answers.size, total, ends)
        : examCopy.resume(view.answers.size, total, ends)
  return [intro, renderQuestion(view, position)]
}

/**
 * Open quizzes of live sessions that expect the person, and those they may make up, whose deadline (their own,
 * for a make-up) is after `since`, by deadline.
 */
async function quizzesFor(ex: Executor, officialId: string, since: string): Promise<Quiz[]> {
  const [open, extended] = await Promise.all([listOpenQuizIdsFor(ex, officialId, since), listExtendedQuizIds(ex, officialId, since)])
  const ids = [...new Set([...open, ...extended])]
  const quizzes = await Promise.all((await findQuizzes(ex, ids)).map((q) => quizFor(ex, q, officialId)))
  return quizzes.sort((a, b) => (a.deadlineAt ?? '9999').localeCompare(b.deadlineAt ?? '9999') || a.id - b.id)
}

async function beginAttempt(deps: QuizDeps, quiz: Quiz, officialId: string, attemptNo: number): Promise<string[]> {
  const ids = await listQuizQuestionIds(deps.db, quiz.id)
  const attemptId = await openAttempt(deps, quiz, officialId, attemptNo, ids, null)
  const view = await loadAttemptView(deps.db, (await findAttempt(deps.db, attemptId))!)
  const intro = quizCopy.quizIntro(quiz.title ?? '', ids.length, quiz.passScore, shortTime(quiz.deadlineAt, deps.tz))
  return [intro, renderQuestion(view, 1)]
}

/**
 * The layout attempt `attemptNo` of this person has (or will have): seeded by the attempt's natural key, so the
 * mobile page shows the letters chat shows before the attempt is written.
 */
export async function loadAttemptLayout(
  ex: Executor,
  quiz: Quiz,
  officialId: string,
  attemptNo: number,
  questionIds: readonly string[],
  weights?: Partial<Record<'single' | 'multiple' | 'judge' | 'short', number>>,
): Promise<Layout> {
  const questions = await findQuestions(ex, questionIds)
  return attemptLayout(quiz, officialId, attemptNo, layoutQuestions(questionIds, questions), weights)
}

/**
 * Writes a new attempt with the person's layout (options shuffled, seeded by the attempt's natural key).
 * A second `答题` racing the first finds the attempt the first one wrote.
 */
export async function openAttempt(
  deps: QuizDeps,
  quiz: Quiz,
  officialId: string,
  attemptNo: number,
  questionIds: readonly string[],
  endsAt: string | null,
  weights?: Partial<Record<'single' | 'multiple' | 'judge' | 'short', number>>,
): Promise<number> {
  const layout = await loadAttemptLayout(deps.db, quiz, officialId, attemptNo, questionIds, weights)
  const startedAt = deps.clock.now().toISOString()
  try {
    // through the write lock: an autocommit write beside another handler's open transaction would wait in
    // SQLite's busy handler, blocking the event loop that transaction needs to commit (SQLITE_BUSY after 5 s)
    return await deps.db.write((tx) => insertAttempt(tx, { quizId: quiz.id, officialId, attemptNo, layout, startedAt, endsAt }))
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    const existing = (await listAttempts(deps.db, quiz.id, officialId)).find((a) => a.attemptNo === attemptNo)
    if (!existing) throw e
    return existing.id
  }
}
