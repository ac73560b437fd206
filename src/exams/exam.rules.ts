/** Pure rules of the 任前法律知识考试: what a sitting's result does to the exam, and outcomes. */
import { appointmentRefusedCopy } from './copy.zh.js'

export type ExamState = 'assigned' | 'passed' | 'failed' | 'makeup_assigned' | 'closed'
export type ExamOutcome = 'passed' | 'deferred' | 'withdrawn'

export const OUTCOME_WORDS: Readonly<Record<string, ExamOutcome>> = {
  通过: 'passed',
  暂缓任用: 'deferred',
  撤回提名: 'withdrawn',
  passed: 'passed',
  deferred: 'deferred',
  withdrawn: 'withdrawn',
}

export function parseOutcome(text: string): ExamOutcome | null {
  return OUTCOME_WORDS[text.trim().toLowerCase()] ?? OUTCOME_WORDS[text.trim()] ?? null
}

/** One make-up (补考): failing the first sitting opens it at once; failing the make-up ends the exam. */
export const MAX_SITTINGS = 2

export interface SittingEffect {
  state: ExamState
  /** recorded automatically only for a pass; 暂缓任用 / 撤回提名 are the organizer's decision */
  outcome: ExamOutcome | null
  makeupOffered: boolean
}

export function afterSitting(sitting: number, passed: boolean): SittingEffect {
  if (passed) return { state: 'passed', outcome: 'passed', makeupOffered: false }
  if (sitting < MAX_SITTINGS) return { state: 'makeup_assigned', outcome: null, makeupOffered: true }
  return { state: 'failed', outcome: null, makeupOffered: false }
}

/** The sitting a candidate may start now, or why not. */
export function sittingToStart(state: ExamState, sittingsTaken: number): number | 'passed' | 'done' {
  if (state === 'passed') return 'passed'
  if (state === 'assigned' && sittingsTaken === 0) return 1
  if (state === 'makeup_assigned' && sittingsTaken < MAX_SITTINGS) return sittingsTaken + 1
  return 'done'
}

/**
 * An outcome is decided on an exam taken: with no sitting there is no result to carry it (and the report, which
 * reads outcomes from the results, would lose it). 通过 needs a passed sitting; 暂缓任用 and 撤回提名 are for a candidate
 * who has not passed. A recorded decision can be replaced by the organizer. The refusal is said in Chinese.
 */
export function checkOutcome(state: ExamState, sittings: number, outcome: ExamOutcome): string | null {
  if (sittings === 0) return appointmentRefusedCopy.notTaken
  if (outcome === 'passed' && state !== 'passed') return appointmentRefusedCopy.notPassed
  if (outcome !== 'passed' && state === 'passed') return appointmentRefusedCopy.passedOnly
  return null
}

export function stateAfterOutcome(_state: ExamState, outcome: ExamOutcome): ExamState {
  return outcome === 'passed' ? 'passed' : 'closed'
}
