/** Answering the current question of a person's open attempt (quiz or 任前 exam), and closing attempts. */
import type { InStatement } from '@libsql/client'
import type { Db } from '../storage/db.js'
import { isUniqueViolation } from '../storage/errors.js'
import type { Clock } from '../clock.js'
import { examCopy, quizCopy } from '../quizzes/copy.zh.js'
import { displayAnswer, parseResponse, toCanonical, toShown, type Grade } from '../quizzes/grading.rules.js'
import {
  closeAttemptStatement,
  insertAnswerStatement,
  listCurrentAnswers,
  listOpenAttempts,
  listOverdueAttempts,
  type Attempt,
  type AttemptState,
} from '../quizzes/attempts.repo.js'
import {
  gradedAnswer,
  isOverdue,
  loadAttemptView,
  nextPosition,
  renderQuestion,
  scoreView,
  shortTime,
  type AttemptView,
} from '../quizzes/attempt-view.js'
import { findExam } from '../exams/exams.repo.js'
import { examSittingStatements, examSittingTexts } from '../exams/exam-closing.js'
import { findExtension } from '../quizzes/extensions.repo.js'
import { auditStatement } from '../storage/audit.repo.js'
import { findMark, markMadeUpStatement } from '../sessions/attendance.repo.js'

export interface QuizDeps {
  db: Db
  clock: Clock
  tz: string
}

export interface AnswerOptions {
  /** the message came from a group chat: 任前 exam answers are refused there */
  inGroup?: boolean
  /**
   * Written in the same transaction as the answer (the chat's processed-message row): when it fails on a
   * UNIQUE key the message was handled already, and nothing is recorded or said.
   */
  claim?: InStatement
  /** the person's open attempt, when the caller has just read it (the chat's whole-quiz check): not read again */
  open?: { attempt: Attempt; view: AttemptView }
}

export interface AnswerOutcome {
  texts: string[]
  /** whether `claim` was written (only when an answer was recorded) */
  claimed: boolean
}

/**
 * Treats `rawText` as the answer to the person's current question. Returns the replies, or null when the
 * text is not an answer or nothing is pending, so the chat router can try its other handlers.
 */
export async function answerCurrentQuestion(
  deps: QuizDeps,
  officialId: string,
  rawText: string,
  opts: AnswerOptions = {},
): Promise<string[] | null> {
  return (await answerWithOutcome(deps, officialId, rawText, opts))?.texts ?? null
}

/** `answerCurrentQuestion`, also telling whether the caller's `claim` statement was written with the answer. */
export async function answerWithOutcome(
  deps: QuizDeps,
  officialId: string,
  rawText: string,
  opts: AnswerOptions = {},
): Promise<AnswerOutcome | null> {
  const said = (texts: string[]): AnswerOutcome => ({ texts, claimed: false })
  const { db, clock } = deps
  const attempt = opts.open?.attempt ?? (await listOpenAttempts(db, officialId))[0]
  if (!attempt) return null
  const view = opts.open?.view ?? (await loadAttemptView(db, attempt))
  const position = nextPosition(view)
  if (position === null) return null
  const item = attempt.layout.items[position - 1]!
  const question = view.questions.get(item.q)!
  const parsed = parseResponse(rawText, question.type, item.perm.length || question.options.length)
  if (parsed.kind === 'none') return null
  const isExam = view.quiz.examId !== null
  if (isExam && opts.inGroup) return said([examCopy.groupAnswerRefused])
  const now = clock.now().toISOString()
  if (isOverdue(attempt, view.quiz, now)) return said(await closeAttempt(deps, view, 'expired'))
  if (parsed.kind === 'invalid') {
    if (parsed.reason === 'single_needs_one') return said([quizCopy.singleNeedsOne])
    if (parsed.reason === 'no_such_option') return said([quizCopy.noSuchOption(parsed.letter ?? '', item.perm.length)])
    return said([quizCopy.howToAnswer('judge')])
  }
  const { answer, grade } = gradedAnswer(view, position, toCanonical(parsed.value, item.perm), now)
  view.answers.set(position, { ...answer, id: 0 })
  const next = nextPosition(view)
  const stmts: InStatement[] = [...(opts.claim ? [opts.claim] : []), insertAnswerStatement(answer)]
  let closing: { stmts: InStatement[]; texts: string[] } | null = null
  if (next === null) {
    closing = await closingOf(deps, view, 'finished', now)
    stmts.push(...closing.stmts)
  }
  try {
    await db.batch(stmts)
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    // the same message delivered twice at once: the other delivery answered it
    if (opts.claim) return { texts: [], claimed: true }
    if ((await listCurrentAnswers(db, attempt.id)).some((a) => a.position === position)) return said([quizCopy.alreadyAnswered])
    throw e
  }
  const texts = isExam ? [examCopy.answeredAck(position, attempt.layout.items.length)] : [feedback(view, position, grade)]
  if (closing) texts.push(...closing.texts)
  else if (next !== null) texts.push(renderQuestion(view, next))
  return { texts, claimed: opts.claim !== undefined }
}

function feedback(view: AttemptView, position: number, grade: Grade): string {
  const item = view.attempt.layout.items[position - 1]!
  const q = view.questions.get(item.q)!
  const lines: string[] = []
  const right = displayAnswer(q.type, toShown(q.answer, item.perm))
  if (q.type === 'short') lines.push(quizCopy.shortRecorded, quizCopy.referenceAnswer(q.answer))
  else if (grade.isCorrect) lines.push(quizCopy.right)
  else lines.push(grade.credit > 0 ? quizCopy.partial(right) : quizCopy.wrong(right))
  if (q.explanation) lines.push(quizCopy.explanation(q.explanation))
  lines.push(quizCopy.basis(q.lawTitle, q.article))
  return lines.join('\n')
}

/** The statements that close an attempt (and record an exam sitting), and what the person is told (chat and the mobile page). */
export async function closingOf(
  deps: QuizDeps,
  view: AttemptView,
  state: AttemptState,
  now: string,
): Promise<{ stmts: InStatement[]; texts: string[] }> {
  const { score, passed, answered, total, pendingShort } = scoreView(view)
  const { attempt, quiz } = view
  const stmts: InStatement[] = [closeAttemptStatement({ id: attempt.id, state, score, passed, finishedAt: now })]
  const texts: string[] = []
  if (quiz.examId !== null) {
    const exam = await findExam(deps.db, quiz.examId)
    if (!exam) throw new Error(`quiz ${quiz.id} points at a missing exam`)
    const sitting = { attemptId: attempt.id, attemptNo: attempt.attemptNo, score, passed, finishedAt: now }
    const ctx = { quiz, tz: deps.tz }
    stmts.push(...examSittingStatements(exam, sitting, now, ctx))
    if (state === 'expired') texts.push(examCopy.timeUp(answered, total))
    texts.push(...examSittingTexts(exam, sitting, ctx))
    return { stmts, texts }
  }
  const title = quiz.title ?? ''
  if (state === 'expired') {
    texts.push(quizCopy.pastDeadline(title, shortTime(quiz.deadlineAt, deps.tz) ?? ''), quizCopy.expiredSummary(answered, total, score))
  } else {
    texts.push(quizCopy.finished(score, quiz.passScore, passed, pendingShort))
    if (quiz.retakes !== 'none') texts.push(quizCopy.retakeHint(quiz.retakes))
    const madeUp = await madeUpStatements(deps, view, now)
    if (madeUp.length > 0) texts.push(quizCopy.madeUp)
    stmts.push(...madeUp)
  }
  return { stmts, texts }
}

/** A make-up quiz finished (in its window, after the session closed): 请假 or 缺席 becomes 补学, in the ledger as such. */
export async function madeUpStatements(deps: QuizDeps, view: AttemptView, now: string): Promise<InStatement[]> {
  const { attempt, quiz } = view
  if (quiz.sessionId === null || (await findExtension(deps.db, quiz.id, attempt.officialId)) === null) return []
  const mark = await findMark(deps.db, quiz.sessionId, attempt.officialId)
  if (mark?.status !== 'excused' && mark?.status !== 'absent') return []
  return [
    markMadeUpStatement(quiz.sessionId, attempt.officialId, now),
    auditStatement(
      {
        actor: 'system',
        action: 'attendance.makeup',
        entity: 'session',
        entityId: quiz.sessionId,
        detail: { officialId: attempt.officialId, was: mark.status, attemptNo: attempt.attemptNo },
      },
      now,
    ),
  ]
}

/** Closes one attempt now; returns what to tell the person ([] when someone else closed it first). */
export async function closeAttempt(deps: QuizDeps, view: AttemptView, state: AttemptState): Promise<string[]> {
  const now = deps.clock.now().toISOString()
  const closing = await closingOf(deps, view, state, now)
  const rs = await deps.db.batch(closing.stmts)
  return rs[0]!.rowsAffected === 1 ? closing.texts : []
}

export interface ClosedAttempt {
  attemptId: number
  officialId: string
  isExam: boolean
  /** what to send the person */
  texts: string[]
}

/**
 * Closes every open attempt whose time or deadline has passed (unanswered questions score zero).
 * For the scheduler; chat does the same lazily on the person's next message.
 */
export async function closeExpiredAttempts(deps: QuizDeps): Promise<ClosedAttempt[]> {
  const overdue: Attempt[] = await listOverdueAttempts(deps.db, deps.clock.now().toISOString())
  const closed: ClosedAttempt[] = []
  for (const attempt of overdue) {
    const view = await loadAttemptView(deps.db, attempt)
    const texts = await closeAttempt(deps, view, 'expired')
    if (texts.length > 0) closed.push({ attemptId: attempt.id, officialId: attempt.officialId, isExam: view.quiz.examId !== null, texts })
  }
  return closed
}
