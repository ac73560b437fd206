import { z } from 'zod'
import type { Executor } from '../storage/db.js'
import { getSetting } from '../storage/settings.repo.js'
import { AppError } from '../errors.js'
import { TARGET_LABELS } from './copy.zh.js'
import { rate } from './report.rules.js'
import type { TargetCheck, YearFigures } from './report.types.js'

/** DOMAIN.md's defaults. Counts are per year; `*_coverage` are fractions; hours are per 任职培训. */
export const DEFAULT_TARGETS = {
  topic_study: 4,
  lecture: 2,
  court_hearing: 1,
  all_staff_training: 1,
  appointment_coverage: 1,
  appointment_training_hours: 12,
  pre_meeting_coverage: 1,
}
export type ReportTargets = typeof DEFAULT_TARGETS

export const TARGETS_SETTING_KEY = 'report.targets'

const overridesSchema = z
  .object({
    topic_study: z.number().int().min(0),
    lecture: z.number().int().min(0),
    court_hearing: z.number().int().min(0),
    all_staff_training: z.number().int().min(0),
    appointment_coverage: z.number().min(0).max(1),
    appointment_training_hours: z.number().min(0),
    pre_meeting_coverage: z.number().min(0).max(1),
  })
  .partial()
  .strict()

/** The fraction-valued targets: renderers show them as percentages. */
export const RATE_TARGETS = new Set(['appointment_coverage', 'pre_meeting_coverage'])

/** Merges a deployment's overrides (settings `report.targets`, JSON) over the defaults. */
export function mergeTargets(overrides: unknown): ReportTargets {
  const parsed = overridesSchema.safeParse(overrides)
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', `setting ${TARGETS_SETTING_KEY} is not valid`, { issues: parsed.error.issues })
  }
  return { ...DEFAULT_TARGETS, ...parsed.data }
}

export async function loadTargets(ex: Executor): Promise<ReportTargets> {
  const raw = await getSetting(ex, TARGETS_SETTING_KEY)
  if (raw === null) return { ...DEFAULT_TARGETS }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (e) {
    throw new AppError('INVALID_INPUT', `setting ${TARGETS_SETTING_KEY} is not JSON`, { cause: e })
  }
  return mergeTargets(json)
}

export interface TargetFacts {
  /** standing meetings known from the OA feed and how many had their 会前学法 held */
  knownMeetings: { known: number; held: number }
  /** hours of each held 任职培训 */
  appointmentTrainingHours: number[]
}

function atLeast(id: keyof ReportTargets, required: number, actual: number | null): TargetCheck {
  return { id, label: TARGET_LABELS[id] ?? id, required, actual, met: actual === null ? null : actual >= required }
}

export function evaluateTargets(f: YearFigures, t: ReportTargets, facts: TargetFacts): TargetCheck[] {
  const k = f.sessions.byKind
  const hours = facts.appointmentTrainingHours
  return [
    atLeast('topic_study', t.topic_study, k.topic_study),
    atLeast('lecture', t.lecture, k.lecture),
    atLeast('court_hearing', t.court_hearing, k.court_hearing),
    atLeast('all_staff_training', t.all_staff_training, k.all_staff_training),
    atLeast('appointment_coverage', t.appointment_coverage, f.exams.appointment.coverage),
    atLeast('appointment_training_hours', t.appointment_training_hours, hours.length ? Math.min(...hours) : null),
    atLeast('pre_meeting_coverage', t.pre_meeting_coverage, rate(facts.knownMeetings.held, facts.knownMeetings.known)),
  ]
}
