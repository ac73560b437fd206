/**
 * The paragraphs for 「本年度党政主要负责人履行推进法治建设第一责任人职责情况」, in the register of the seeds
 * (003 part 二, 004): short sentences, each with its own figures. Built only from the report's figures: a category
 * with nothing in it is left out rather than written as "0次", and every number printed is one of the report's own.
 *
 * One term for one thing, the same as the tables (copy.zh.ts `TABLE`): 应参学 / 参学 (人次) / 参学 (人), 出勤率;
 * 合格率 for quizzes, 通过率 for the 任前 and 执法资格 exams, 及格率 for the 年度学法考试; 参考 / 参考率; 平均分.
 * A figure counts 人 or 人次, never both; numbers are written by numbers.zh.ts.
 */
import type { AnnualReport, KindReach, SessionKind } from './report.types.js'
import { EMPTY_YEAR } from './copy.zh.js'
import { DEFAULT_TARGETS } from './targets.js'
import { changePhrase, headCount, percent } from './numbers.zh.js'
import { studyListSentence } from './study-list.narrative.zh.js'

export interface NarrativeOptions {
  /** head counts of trainings and lectures in the seeds' round style (「300余人次」「百余人」); default exact */
  rounded?: boolean
}

/** Laws named in one sentence; the rest are the 「等法律法规」. */
const MAX_LAWS = 2

const LEAD = '坚持领导干部学法制度'
/** who the opening sentence is about in a report of every unit: 「各单位坚持…」, not 「全部单位坚持…」 */
const EVERY_UNIT = '各单位'

function withChange(r: AnnualReport, key: string): string {
  const diff = r.changes[key]
  return diff === undefined ? '' : `，${changePhrase(diff)}`
}

/** Each body named once, with its count: 「区政府常务会议开展会前学法6次、区长办公会议4次」. */
export function preMeetingClause(byBody: { body: string | null; count: number }[]): string | null {
  const total = byBody.reduce((n, b) => n + b.count, 0)
  if (total === 0) return null
  const named = byBody.filter((b): b is { body: string; count: number } => b.body !== null && b.body.trim() !== '')
  if (named.length === 0) return `开展会前学法${total}次`
  const unnamed = total - named.reduce((n, b) => n + b.count, 0)
  const parts = named.map((b, i) => (i === 0 ? `${b.body}开展会前学法${b.count}次` : `${b.body}${b.count}次`))
  if (unnamed > 0) parts.push(`其他会议${unnamed}次`)
  return parts.join('、')
}

export function lawsClause(laws: { title: string }[] | undefined): string | null {
  if (!laws || laws.length === 0) return null
  const shown = laws
    .slice(0, MAX_LAWS)
    .map((l) => `《${l.title}》`)
    .join('')
  return `学习${shown}等法律法规`
}

/** 「共150人参学312人次」, or nothing when no attendance was recorded for that kind. */
export function reachClause(reach: KindReach, rounded = false): string | null {
  if (reach.personTimes === 0) return null
  return `共${headCount(reach.people, rounded)}人参学${headCount(reach.personTimes, rounded)}人次`
}

/** 任职培训: the hours said, met (「法律课程不少于12学时」) or not (the hours of each). */
export function appointmentHoursClause(hours: number[], required: number): string | null {
  if (hours.length === 0) return null
  if (hours.every((h) => h >= required)) return `${hours.length > 1 ? '每次' : ''}法律课程不少于${required}学时`
  const known = hours.filter((h) => h > 0).map((h) => `${h}学时`)
  const unknown = hours.length - known.length
  const parts: string[] = []
  if (known.length === 1 && unknown === 0) parts.push(`法律课程${known[0]}`)
  else if (known.length > 0) parts.push(`法律课程分别为${known.join('、')}`)
  if (unknown > 0) parts.push(known.length > 0 ? `另有${unknown}次未记录学时` : '法律课程未记录学时')
  return parts.join('，')
}

const KIND_PHRASES: Record<Exclude<SessionKind, 'pre_meeting'>, (n: number) => string> = {
  topic_study: (n) => `领导班子开展法治专题学习${n}次`,
  lecture: (n) => `开展法治专题讲座${n}次`,
  court_hearing: (n) => `组织旁听庭审${n}次`,
  all_staff_training: (n) => `举办全员法治培训${n}次`,
  enforcement_training: (n) => `组织执法人员培训${n}次`,
  appointment_training: (n) => `开展任职培训法律课程${n}次`,
  other: (n) => `开展其他学法活动${n}次`,
}

const sentence = (clauses: (string | null)[]): string | null => {
  const kept = clauses.filter((c): c is string => c !== null && c !== '')
  return kept.length ? `${kept.join('，')}。` : null
}

/** Longer than this, the laws of the 会前学法 sentence get a sentence of their own. */
const MAX_SENTENCE = 90

/** The 会前学法 sentence, after `opening`: the bodies with their counts, and the laws studied there. */
function preMeetingSentences(r: AnnualReport, opening: string): string[] {
  const s = r.sessions
  const meetings = preMeetingClause(s.preMeetingByBody)
  const laws = lawsClause(s.lawsByKind.pre_meeting)
  if (meetings === null) return []
  const one = `${opening}${meetings}${laws ? `，${laws}` : ''}。`
  if (laws === null || one.length <= MAX_SENTENCE) return [one]
  return [`${opening}${meetings}。`, `会上${laws}。`]
}

/** One sentence per other kind held: how many, the laws studied there, how many people it reached. */
function kindSentences(r: AnnualReport, o: NarrativeOptions): string[] {
  const s = r.sessions
  const required = r.targets.find((t) => t.id === 'appointment_training_hours')?.required ?? DEFAULT_TARGETS.appointment_training_hours
  return (Object.keys(KIND_PHRASES) as (keyof typeof KIND_PHRASES)[]).flatMap((k) => {
    const n = s.byKind[k]
    if (!n) return []
    const text = sentence([
      KIND_PHRASES[k](n),
      k === 'appointment_training' ? appointmentHoursClause(s.appointmentTrainingHours, required) : null,
      lawsClause(s.lawsByKind[k]),
      reachClause(s.reachByKind[k], o.rounded),
    ])
    return text ? [text] : []
  })
}

function attendanceSentences(r: AnnualReport): string[] {
  const a = r.attendance
  if (a.expected === 0 || a.rate === null) return []
  const makeup = a.makeup ? `（含请假后补学${a.makeup}人次）` : ''
  return [
    `全年应参学${a.expected}人次，参学${a.personTimes}人次${makeup}，出勤率${percent(a.rate)}${withChange(r, 'attendance.rate')}。`,
    `共${a.people}人参学${r.sessions.hours > 0 ? `，累计学法${r.sessions.hours}学时` : ''}。`,
  ]
}

function quizSentences(r: AnnualReport): string[] {
  const q = r.quizzes
  if (q.assigned === 0 || q.completionRate === null) return []
  const out = [
    sentence([
      `会前学法测试应参加${q.assigned}人次`,
      q.completed > 0 ? `完成${q.completed}人次` : null,
      `完成率${percent(q.completionRate)}${withChange(r, 'quizzes.completionRate')}`,
    ]),
    sentence([
      q.averageScore !== null ? `测试平均分${q.averageScore}分` : null,
      q.passRate !== null ? `合格率${percent(q.passRate)}${withChange(r, 'quizzes.passRate')}` : null,
    ]),
  ]
  return out.filter((x): x is string => x !== null)
}

function studyParagraph(r: AnnualReport, o: NarrativeOptions): string | null {
  if (r.sessions.held === 0) return null
  const opening = `${r.year}年，${r.unit.code === null ? EVERY_UNIT : r.unit.name}${LEAD}，`
  const pre = preMeetingSentences(r, opening)
  const rest = [...kindSentences(r, o), ...attendanceSentences(r), ...quizSentences(r)]
  if (pre.length === 0 && rest.length === 0) return null
  return pre.length ? [...pre, ...rest].join('') : `${opening}${rest.join('')}`
}

function appointmentSentences(r: AnnualReport): string[] {
  const e = r.exams.appointment
  if (e.candidates === 0) return []
  if (e.tested === 0 || e.passRate === null || e.coverage === null) {
    return [`确定任前法律知识考试对象${e.candidates}人，尚未组织考试。`]
  }
  const first =
    e.coverage === 1
      ? `任前法律知识考试已全面推行，应考${e.candidates}人，参考${e.tested}人，实现应考尽考。`
      : `组织领导干部任前法律知识考试，应考${e.candidates}人，参考${e.tested}人，参考率${percent(e.coverage)}${withChange(r, 'appointment.coverage')}。`
  const out = [first, `通过${e.passed}人，通过率${percent(e.passRate)}${withChange(r, 'appointment.passRate')}。`]
  const after = sentence([
    e.makeups ? `组织补考${e.makeups}人次` : null,
    e.deferred ? `暂缓任用${e.deferred}人` : null,
    e.withdrawn ? `撤回提名${e.withdrawn}人` : null,
  ])
  if (after) out.push(after)
  return out
}

function enforcementSentences(r: AnnualReport): string[] {
  const e = r.exams.enforcement_cert
  if (e.personTimes === 0 || e.passRate === null) return []
  return [
    `组织行政执法资格考试${e.sittings}期${e.personTimes}人次，通过率为${percent(e.passRate)}${withChange(r, 'enforcement_cert.passRate')}。`,
  ]
}

function annualSentences(r: AnnualReport): string[] {
  const e = r.exams.annual
  if (e.tested === 0 || e.participationRate === null) return []
  const first = `开展年度学法考试，应考${e.enrolled}人，参考${e.tested}人，参考率${percent(e.participationRate)}${withChange(r, 'annual.participationRate')}。`
  const second = sentence([
    e.passRate !== null ? `年度学法考试及格率${percent(e.passRate)}${withChange(r, 'annual.passRate')}` : null,
    e.averageScore !== null ? `平均分${e.averageScore}分` : null,
  ])
  return second ? [first, second] : [first]
}

function examParagraph(r: AnnualReport): string | null {
  const sentences = [...appointmentSentences(r), ...enforcementSentences(r), ...annualSentences(r)]
  return sentences.length ? sentences.join('') : null
}

/** The study paragraph, the exams paragraph, and the year's 学法清单 (study-list.narrative.zh.ts) on its own. */
export function writeNarrative(r: AnnualReport, options: NarrativeOptions = {}): string[] {
  return [studyParagraph(r, options), examParagraph(r), studyListSentence(r, percent)].filter((p): p is string => p !== null)
}

/** What the renderers print under the heading: the narrative, or, for a year with nothing in it, what to do first. */
export function narrativeOrNotice(r: AnnualReport): string[] {
  return r.narrative.length ? r.narrative : [EMPTY_YEAR(r.year)]
}
