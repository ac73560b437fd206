/** The annual report of CONTRACT §4, plus `monthly` (added beside it for the charts). */

import { SESSION_KINDS, type SessionKind } from '../sessions/session.rules.js'
import type { StudyListBlock } from './study-list.types.js'

export { SESSION_KINDS, type SessionKind }

export interface SessionsBlock {
  held: number
  byKind: Record<SessionKind, number>
  /** body null: a 会前学法 recorded without the meeting's name */
  preMeetingByBody: { body: string | null; count: number }[]
  laws: { title: string; sessions: number }[]
  hours: number
}

export interface AttendanceBlock {
  expected: number
  present: number
  late: number
  excused: number
  makeup: number
  absent: number
  rate: number | null
  personTimes: number
  people: number
}

export interface QuizzesBlock {
  assigned: number
  completed: number
  completionRate: number | null
  averageScore: number | null
  passRate: number | null
}

export interface AppointmentBlock {
  candidates: number
  tested: number
  coverage: number | null
  passed: number
  passRate: number | null
  makeups: number
  deferred: number
  withdrawn: number
}

export interface EnforcementBlock {
  sittings: number
  personTimes: number
  passed: number
  passRate: number | null
}

export interface AnnualExamBlock {
  enrolled: number
  tested: number
  participationRate: number | null
  passRate: number | null
  averageScore: number | null
}

export interface ExamsBlock {
  appointment: AppointmentBlock
  enforcement_cert: EnforcementBlock
  annual: AnnualExamBlock
}

export interface YearFigures {
  sessions: SessionsBlock
  attendance: AttendanceBlock
  quizzes: QuizzesBlock
  exams: ExamsBlock
}

export interface TargetCheck {
  id: string
  label: string
  required: number
  actual: number | null
  /** null: nothing to check this year (no candidates, no known meetings, no 任职培训) */
  met: boolean | null
}

export interface MonthFigures {
  month: number
  sessions: number
  expected: number
  attended: number
  attendanceRate: number | null
  assigned: number
  completed: number
  completionRate: number | null
}

export interface ReportUnit {
  /** null when the report covers a deployment with several root units */
  code: string | null
  name: string
}

export interface AnnualReport extends YearFigures {
  year: number
  unit: ReportUnit
  targets: TargetCheck[]
  previousYear: YearFigures | null
  changes: Record<string, number>
  narrative: string[]
  monthly: MonthFigures[]
  /** the year's 学法清单 of the units in scope (study-list.rules.ts); null when none has a list for the year */
  studyList: StudyListBlock | null
}
