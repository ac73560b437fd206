/** The 任前法律知识考试: assigning it, the candidate's `任前考试`, and the organizer's decision. */
import type { Transaction } from '@libsql/client'
import type { Db } from '../storage/db.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { findOfficial } from '../roster/officials.repo.js'
import { normalizeLawTitle } from '../laws.js'
import { DEFAULT_BLUEPRINT, drawBlueprint, type Blueprint, type BlueprintDraw, type BlueprintType } from '../quizzes/layout.rules.js'
import { listDrawableQuestions } from '../quizzes/questions.repo.js'
import { insertQuiz } from '../quizzes/quizzes.repo.js'
import { examAssignCopy } from '../quizzes/copy.zh.js'
import type { LinkIssuer } from '../access/links.service.js'
import { formatLocalShortZh } from '../calendar.js'
import { isBound } from '../roster/binding.repo.js'
import { examNoticeStatements } from './exam-link.js'
import { appointmentRefusedCopy as refused } from './copy.zh.js'
import { checkOutcome, stateAfterOutcome, type ExamOutcome } from './exam.rules.js'
import {
  findLatestAppointmentExam,
  insertAppointmentExam,
  listExamResults,
  setExamStateStatement,
  setLatestResultOutcomeStatement,
  type Exam,
} from './exams.repo.js'

export interface ExamDeps {
  db: Db
  clock: Clock
  tz: string
  /** signs the candidate's personal link: when given, assigning an exam plans its one private notice with the link */
  links?: LinkIssuer
}

export interface AssignInput {
  officialId: string
  proposedPost: string
  opensAt: Date
  minutes?: number
  passScore?: number
  blueprint?: Partial<Blueprint>
}

/** What one draw took, as an assigned 任前 exam and a scheduled 年度学法考试 report it. */
export interface DrawSummary {
  questions: number
  drawn: Record<BlueprintType, number>
  /** the bank had fewer questions of a type than the blueprint asks for: all of them were taken */
  shortfall: BlueprintDraw<unknown>['shortfall']
  warnings: string[]
}

export function drawSummary(picked: readonly { type: string }[], shortfall: DrawSummary['shortfall']): DrawSummary {
  const drawn = { single: 0, multiple: 0, judge: 0 }
  for (const q of picked) drawn[q.type as BlueprintType]++
  const warnings = shortfall.map((s) => examAssignCopy.shortfall(s.type, s.wanted, s.got))
  return { questions: picked.length, drawn, shortfall, warnings }
}

export interface AssignedExam extends DrawSummary {
  examId: number
  quizId: number
  officialId: string
  opensAt: string
  minutes: number
  passScore: number
}

export const DEFAULT_EXAM_MINUTES = 60
export const DEFAULT_EXAM_PASS_SCORE = 60

export function examSeed(examId: number, sitting: number): string {
  return `exam:${examId}/sitting:${sitting}`
}

/**
 * Assigns a 任前 exam and draws its first sitting's questions per the blueprint (20 single, 10 multiple,
 * 10 judge by default). A candidate with an exam still under way (assigned or awaiting the make-up) gets a CONFLICT;
 * an opening time in the past is refused. Refusals carry Chinese messages: the API, the dashboard and the CLI say them.
 */
export async function assignAppointmentExam(deps: ExamDeps, input: AssignInput, by: Actor): Promise<AssignedExam> {
  return deps.db.write((tx) => assignAppointmentExamIn(tx, deps, input, by))
}

/** `assignAppointmentExam` within the caller's transaction. */
export async function assignAppointmentExamIn(
  tx: Transaction,
  deps: Omit<ExamDeps, 'db'>,
  input: AssignInput,
  by: Actor,
): Promise<AssignedExam> {
  const { clock } = deps
  const official = await findOfficial(tx, input.officialId)
  if (!official) throw new AppError('NOT_FOUND', refused.noOfficial(input.officialId))
  // a minute's grace: the forms take times to the minute
  if (input.opensAt.getTime() < clock.now().getTime() - 60_000) throw new AppError('INVALID_INPUT', refused.opensPast)
  const blueprint: Blueprint = { ...DEFAULT_BLUEPRINT, ...input.blueprint }
  if (blueprint.laws) blueprint.laws = blueprint.laws.map(normalizeLawTitle)
  const minutes = input.minutes ?? DEFAULT_EXAM_MINUTES
  const passScore = input.passScore ?? DEFAULT_EXAM_PASS_SCORE
  const now = clock.now().toISOString()
  const opensAt = input.opensAt.toISOString()
  const current = await findLatestAppointmentExam(tx, input.officialId)
  if (current && (current.state === 'assigned' || current.state === 'makeup_assigned')) {
    throw new AppError('CONFLICT', refused.underWay(input.officialId, current.id))
  }
  const pool = await listDrawableQuestions(tx, { laws: blueprint.laws, types: ['single', 'multiple', 'judge'] })
  const examId = await insertAppointmentExam(
    tx,
    { officialId: input.officialId, proposedPost: input.proposedPost, opensAt, minutes, passScore, blueprint, createdBy: by.actor },
    now,
  )
  const { picked, shortfall } = drawBlueprint(pool, blueprint, examSeed(examId, 1))
  if (picked.length === 0) throw new AppError('INVALID_INPUT', refused.noQuestions)
  const quizId = await insertQuiz(
    tx,
    { sessionId: null, examId, spec: { blueprint }, passScore, opensAt, deadlineAt: null, timeLimitMin: minutes, retakes: 'none' },
    picked.map((q) => q.id),
    now,
  )
  const draw = drawSummary(picked, shortfall)
  await tx.execute(
    auditStatement(
      {
        ...by,
        action: 'exam.assign',
        entity: 'exam',
        entityId: String(examId),
        detail: { officialId: input.officialId, drawn: draw.drawn, shortfall },
      },
      now,
    ),
  )
  if (deps.links && (await isBound(tx, input.officialId))) {
    const notice = {
      exam: { id: examId, officialId: input.officialId, opensAt, proposedPost: input.proposedPost },
      questions: picked.length,
      minutes,
      passScore,
      opens: formatLocalShortZh(input.opensAt, deps.tz),
    }
    for (const st of examNoticeStatements(deps.links, notice, clock.now())) await tx.execute(st)
  }
  return { examId, quizId, officialId: input.officialId, opensAt, minutes, passScore, ...draw }
}

/** Records 通过 / 暂缓任用 / 撤回提名 on the candidate's latest 任前 exam and on its latest sitting (refused before any sitting). */
export async function recordExamOutcome(deps: ExamDeps, officialId: string, outcome: ExamOutcome, by: Actor): Promise<Exam> {
  const { db, clock } = deps
  const exam = await findLatestAppointmentExam(db, officialId)
  if (!exam) throw new AppError('NOT_FOUND', refused.noExam(officialId))
  const sittings = (await listExamResults(db, exam.id)).length
  const problem = checkOutcome(exam.state, sittings, outcome)
  if (problem) throw new AppError('CONFLICT', problem)
  const now = clock.now().toISOString()
  await db.batch([
    setExamStateStatement(exam.id, stateAfterOutcome(exam.state, outcome), outcome, now),
    setLatestResultOutcomeStatement(exam.id, outcome),
    auditStatement({ ...by, action: 'exam.outcome', entity: 'exam', entityId: String(exam.id), detail: { outcome } }, now),
  ])
  return (await findLatestAppointmentExam(db, officialId))!
}

/**
 * The outcome of one 任前 exam, as the dashboard's and the API's rows name it: it must be the candidate's latest
 * (an older exam's decision would land on the newer one).
 */
export async function recordOutcomeOfExam(deps: ExamDeps, exam: Exam, outcome: ExamOutcome, by: Actor): Promise<Exam> {
  if ((await findLatestAppointmentExam(deps.db, exam.officialId))?.id !== exam.id) throw new AppError('CONFLICT', refused.notLatest)
  return recordExamOutcome(deps, exam.officialId, outcome, by)
}
