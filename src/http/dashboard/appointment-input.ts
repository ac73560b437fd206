/** The 任前 exam form on the dashboard: what was typed, checked into the use-case's input or Chinese refusals. */
import { parseDateTime } from '../../calendar.js'
import { DEFAULT_EXAM_MINUTES, DEFAULT_EXAM_PASS_SCORE } from '../../exams/exam.service.js'
import type { AppointmentForm } from './views/appointment-form.js'
import { normalizeText } from '../../text.js'
import { passScoreOf, wholeWithin } from './form-numbers.js'
import { invisibleProblem } from './plain-text.js'
import { EXAMS } from './views/copy.zh.js'

const A = EXAMS.assign

export const blankAppointmentForm = (): AppointmentForm => ({
  officialId: '',
  proposedPost: '',
  opensAt: '',
  minutes: String(DEFAULT_EXAM_MINUTES),
  passScore: String(DEFAULT_EXAM_PASS_SCORE),
})

export function readAppointmentForm(body: Record<string, unknown>): AppointmentForm {
  const text = (k: keyof AppointmentForm, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '')
  return {
    officialId: text('officialId', 64),
    proposedPost: text('proposedPost', 200),
    opensAt: text('opensAt', 40),
    minutes: text('minutes', 10),
    passScore: text('passScore', 10),
  }
}

export interface AppointmentInput {
  officialId: string
  proposedPost: string
  opensAt: Date
  minutes: number
  passScore: number
}

/** The input, or every problem of the form (whether the official may be chosen is the route's to check). */
export function checkAppointmentForm(f: AppointmentForm, tz: string): AppointmentInput | string[] {
  const errors: string[] = []
  const opensAt = parseDateTime(f.opensAt, tz)
  const minutes = wholeWithin(f.minutes, [5, 600])
  const passScore = passScoreOf(f.passScore)
  if (f.officialId === '') errors.push(A.noOfficial)
  if (f.proposedPost === '') errors.push(A.noPost)
  for (const [field, value] of [
    [A.fieldNames.officialId, f.officialId],
    [A.fieldNames.proposedPost, f.proposedPost],
  ] as const) {
    const problem = invisibleProblem(field, value)
    if (problem) errors.push(problem)
  }
  if (!opensAt) errors.push(A.badTime)
  if (minutes === null) errors.push(A.badMinutes)
  if (passScore === null) errors.push(A.badScore)
  if (errors.length > 0 || !opensAt || minutes === null || passScore === null) return errors
  return { officialId: normalizeText(f.officialId), proposedPost: normalizeText(f.proposedPost), opensAt, minutes, passScore }
}
