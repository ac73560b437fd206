/**
 * An attempt as the person sees it: its layout, the questions behind it and the answers so far.
 * Loading, rendering the current question and scoring live here, shared by quizzes and exams.
 */
import type { Executor } from '../storage/db.js'
import { together } from '../storage/together.js'
import { formatLocalShortZh } from '../calendar.js'
import { creditOf, gradeAnswer, isPassing, scoreOf, type Grade } from './grading.rules.js'
import { findQuestions, type Question } from './questions.repo.js'
import { findQuiz, type Quiz } from './quizzes.repo.js'
import { findExtension, withExtension } from './extensions.repo.js'
import { listCurrentAnswers, type Attempt, type NewAnswer, type StoredAnswer } from './attempts.repo.js'
import { quizCopy } from './copy.zh.js'
import type { Layout } from './layout.rules.js'

export interface AttemptView {
  attempt: Attempt
  quiz: Quiz
  questions: Map<string, Question>
  /** current revision per position */
  answers: Map<number, StoredAnswer>
}

export async function loadAttemptView(ex: Executor, attempt: Attempt): Promise<AttemptView> {
  // read together (on a remote database one round trip: storage/together.ts); a make-up attempt runs in the person's own window
  const [found, until, questions, current] = await together(
    ex,
    () => findQuiz(ex, attempt.quizId),
    () => findExtension(ex, attempt.quizId, attempt.officialId),
    () =>
      findQuestions(
        ex,
        attempt.layout.items.map((i) => i.q),
      ),
    () => listCurrentAnswers(ex, attempt.id),
  )
  const quiz = withExtension(found, until)
  if (!quiz) throw new Error(`attempt ${attempt.id} has no quiz`)
  const answers = new Map(current.map((a) => [a.position, a]))
  return { attempt, quiz, questions, answers }
}

/** 1-based position of the first unanswered question, or null when all are answered. */
export function nextPosition(view: Pick<AttemptView, 'attempt' | 'answers'>): number | null {
  const n = view.attempt.layout.items.length
  for (let p = 1; p <= n; p++) if (!view.answers.has(p)) return p
  return null
}

export function renderQuestion(view: AttemptView, position: number): string {
  const item = view.attempt.layout.items[position - 1]!
  const q = view.questions.get(item.q)!
  const options = item.perm.length > 0 ? item.perm.map((i) => q.options[i]!) : []
  return quizCopy.question({ index: position, total: view.attempt.layout.items.length, type: q.type, stem: q.stem, options })
}

export interface AttemptScore {
  score: number
  passed: boolean
  answered: number
  total: number
  /** short answers nobody has marked yet */
  pendingShort: number
}

/** Scores the answers as they stand; unanswered questions earn nothing. */
export function scoreView(view: AttemptView): AttemptScore {
  const partialCredit = view.attempt.layout.partialCredit === true
  let pendingShort = 0
  const items = view.attempt.layout.items.map((item, i) => {
    const a = view.answers.get(i + 1)
    const q = view.questions.get(item.q)!
    if (a && q.type === 'short' && a.isCorrect === null) pendingShort++
    // a marker's decision stands over the automatic grade
    const credit =
      a?.correctedBy != null && a.isCorrect !== null
        ? Number(a.isCorrect)
        : creditOf(q.type, q.answer, a?.given ?? null, a?.isCorrect ?? null, { partialCredit })
    return { weight: item.w, credit }
  })
  const score = scoreOf(items)
  return { score, passed: isPassing(score, view.quiz.passScore), answered: view.answers.size, total: items.length, pendingShort }
}

/** When the attempt stops taking answers: its own end (timed exams) or the quiz's deadline, whichever is first. */
export function closesAt(attempt: Attempt, quiz: Quiz): string | null {
  const ends = [attempt.endsAt, quiz.deadlineAt].filter((x): x is string => x !== null)
  return ends.length === 0 ? null : ends.sort()[0]!
}

/**
 * Where a quiz stands at `now` (ISO): not open yet, open for answers, or closed (closed by hand, or past its
 * deadline) — the one rule for 答题, a whole-quiz answer in chat, the reminders and the make-up.
 */
export function quizWindow(quiz: Pick<Quiz, 'opensAt' | 'deadlineAt' | 'closedAt'>, now: string): 'not_yet' | 'open' | 'closed' {
  if (quiz.closedAt !== null || (quiz.deadlineAt !== null && quiz.deadlineAt <= now)) return 'closed'
  return quiz.opensAt !== null && quiz.opensAt > now ? 'not_yet' : 'open'
}

export function isOverdue(attempt: Attempt, quiz: Quiz, now: string): boolean {
  const at = closesAt(attempt, quiz)
  return at !== null && at <= now
}

export function shortTime(iso: string | null, tz: string): string | null {
  return iso === null ? null : formatLocalShortZh(new Date(iso), tz)
}

/** The whole quiz as one person sees it (their layout): one block per question, numbered, with its options. */
export function renderWholeQuiz(layout: Layout, questions: ReadonlyMap<string, Question>): string[] {
  return layout.items.map((item, i) => {
    const q = questions.get(item.q)!
    return quizCopy.listed(
      i + 1,
      q.type,
      q.stem,
      item.perm.map((p) => q.options[p]!),
    )
  })
}

/**
 * The person's first answer (revision 0) at `position` of the attempt, `given` in the question's own letters,
 * graded by the layout's rules: what chat records one at a time and for the whole quiz.
 */
export function gradedAnswer(view: AttemptView, position: number, given: string, answeredAt: string): { answer: NewAnswer; grade: Grade } {
  const q = view.questions.get(view.attempt.layout.items[position - 1]!.q)!
  const grade = gradeAnswer(q.type, q.answer, given, { partialCredit: view.attempt.layout.partialCredit === true })
  const answer: NewAnswer = {
    attemptId: view.attempt.id,
    questionId: q.id,
    position,
    given,
    isCorrect: grade.isCorrect,
    answeredAt,
    revision: 0,
    correctedBy: null,
    correctionReason: null,
  }
  return { answer, grade }
}
