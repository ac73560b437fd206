/**
 * Pure rules of the 年度学法考试 run by xuefa: its defaults, the window, how many questions of each type, what a
 * sitting does to the person's exam, whether a person may start a sitting now, and when the reminder goes out.
 */
import type { Blueprint } from '../quizzes/layout.rules.js'
import type { ExamState } from './exam.rules.js'

export const ANNUAL_DEFAULTS = { minutes: 60, passScore: 60, questions: 40, attempts: 1 } as const
export const ANNUAL_LIMITS = { minutes: [5, 600], questions: [1, 200], attempts: [1, 10], windowDays: 92 } as const

/** N questions as a blueprint in the 任前 exam's proportions (20 : 10 : 10): half single, a quarter multiple, the rest judge. */
export function blueprintOf(questions: number): Blueprint {
  const single = Math.ceil(questions / 2)
  const multiple = Math.floor(questions / 4)
  return { single, multiple, judge: questions - single - multiple }
}

export type WindowProblem = 'order' | 'past' | 'long'

/** What is wrong with a window, or null. */
export function checkWindow(opensAt: Date, closesAt: Date, now: Date): WindowProblem | null {
  if (closesAt.getTime() <= opensAt.getTime()) return 'order'
  if (closesAt.getTime() <= now.getTime()) return 'past'
  if (closesAt.getTime() - opensAt.getTime() > ANNUAL_LIMITS.windowDays * 86_400_000) return 'long'
  return null
}

export const WINDOW_PROBLEMS: Record<WindowProblem, string> = {
  order: 'closesAt must be after opensAt',
  past: 'closesAt is in the past',
  long: `the window may be at most ${ANNUAL_LIMITS.windowDays} days`,
}

/** What an annual exam's quiz carries in its spec (read when an attempt starts and closes). */
export interface AnnualQuizSpec {
  annualId: number
  title: string
  attempts: number
  blueprint: Blueprint
}

export function annualSpecOf(spec: Record<string, unknown>): AnnualQuizSpec | null {
  const a = spec.annual as { id?: unknown; attempts?: unknown; title?: unknown } | undefined
  if (!a || typeof a.id !== 'number' || typeof a.attempts !== 'number') return null
  return { annualId: a.id, title: String(a.title ?? ''), attempts: a.attempts, blueprint: spec.blueprint as Blueprint }
}

/**
 * After a sitting: a pass ends the exam (passed stays passed: the best sitting counts); a fail leaves it open
 * while sittings remain, else failed.
 */
export function annualStateAfter(state: ExamState, attemptNo: number, passed: boolean, allowed: number): ExamState {
  if (passed || state === 'passed') return 'passed'
  return attemptNo < allowed ? 'assigned' : 'failed'
}

/** What decides whether a sitting may start: the window, the minutes, the attempts allowed, the exam's state. */
export interface AnnualTerms {
  opensAt: string
  closesAt: string
  minutes: number
  attempts: number
  state: ExamState
}

/**
 * The terms of a person's 年度学法考试 as xuefa runs it (its quiz carries the window and the annual spec); null for
 * another kind of exam, or an annual one without them (imported results have no quiz).
 */
export function annualTermsOf(
  exam: { kind: string; minutes: number; state: ExamState },
  quiz: { spec: Record<string, unknown>; opensAt: string | null; deadlineAt: string | null },
): AnnualTerms | null {
  const spec = exam.kind === 'annual' ? annualSpecOf(quiz.spec) : null
  if (!spec || quiz.opensAt === null || quiz.deadlineAt === null) return null
  return { opensAt: quiz.opensAt, closesAt: quiz.deadlineAt, minutes: exam.minutes, attempts: spec.attempts, state: exam.state }
}

export type AnnualStart =
  | { kind: 'start'; attemptNo: number; endsAt: string }
  | { kind: 'not_open'; opensAt: string }
  | { kind: 'closed'; closesAt: string }
  | { kind: 'passed' }
  | { kind: 'used_up'; allowed: number }

/**
 * Whether a sitting may start now (the open one is resumed before this is asked). Its end is the sitting's
 * minutes or the window's end, whichever comes first.
 */
export function annualStart(e: AnnualTerms, sittingsTaken: number, now: Date): AnnualStart {
  const at = now.toISOString()
  if (at < e.opensAt) return { kind: 'not_open', opensAt: e.opensAt }
  if (at >= e.closesAt) return { kind: 'closed', closesAt: e.closesAt }
  if (e.state === 'passed') return { kind: 'passed' }
  if (sittingsTaken >= e.attempts) return { kind: 'used_up', allowed: e.attempts }
  const ends = new Date(Math.min(now.getTime() + e.minutes * 60_000, new Date(e.closesAt).getTime())).toISOString()
  return { kind: 'start', attemptNo: sittingsTaken + 1, endsAt: ends }
}

/**
 * The one reminder to those who have not sat it: a day before the end when the window is two days or longer,
 * half-way through a shorter one; none for a window under two hours.
 */
export function reminderAt(opensAt: Date, closesAt: Date): Date | null {
  const span = closesAt.getTime() - opensAt.getTime()
  if (span < 2 * 3_600_000) return null
  if (span >= 2 * 86_400_000) return new Date(closesAt.getTime() - 86_400_000)
  return new Date(opensAt.getTime() + Math.floor(span / 2))
}
