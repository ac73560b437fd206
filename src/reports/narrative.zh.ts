/**
 * The paragraphs for 「本年度党政主要负责人履行推进法治建设第一责任人职责情况」, in the register of the seeds
 * (003 part 二, 004). Built only from the report's figures: a category with nothing in it is left out rather
 * than written as "0次", and every number printed is one of the report's own.
 */
import type { AnnualReport } from './report.types.js'
import { EMPTY_YEAR } from './copy.zh.js'
import { roundTo } from './report.rules.js'
import { studyListSentence } from './study-list.narrative.zh.js'

const MAX_LAWS = 3

/** 0.888 → "88.8%": percentages with one decimal, as CONTRACT §4 asks. */
export function percent(fraction: number): string {
  return `${roundTo(fraction * 100, 1).toFixed(1)}%`
}

/** 0.138 → "提高13.8个百分点"; a change that rounds to nothing is "持平". */
export function changePhrase(diff: number): string {
  const points = roundTo(diff * 100, 1)
  if (points === 0) return '与上一年持平'
  return `较上一年${points > 0 ? '提高' : '下降'}${Math.abs(points).toFixed(1)}个百分点`
}

function withChange(r: AnnualReport, key: string): string {
  const diff = r.changes[key]
  return diff === undefined ? '' : `，${changePhrase(diff)}`
}

export function preMeetingClause(byBody: { body: string | null; count: number }[]): string | null {
  const total = byBody.reduce((n, b) => n + b.count, 0)
  if (total === 0) return null
  const named = byBody.filter((b): b is { body: string; count: number } => b.body !== null && b.body.trim() !== '')
  if (named.length === 0) return `开展会前学法${total}次`
  const unnamed = named.length < byBody.length
  const first = named[0]
  if (named.length === 1 && !unnamed && first) return `${first.body}开展会前学法${total}次`
  const bodies = named.map((b) => b.body).join('、')
  const detail = named.map((b) => `${b.body}${b.count}次`).join('、')
  return `${bodies}${unnamed ? '等' : ''}开展会前学法${total}次，其中${detail}`
}

export function lawsClause(laws: { title: string }[]): string | null {
  if (laws.length === 0) return null
  const shown = laws
    .slice(0, MAX_LAWS)
    .map((l) => `《${l.title}》`)
    .join('')
  return `学习${shown}等法律法规`
}

function studyParagraph(r: AnnualReport): string | null {
  const s = r.sessions
  if (s.held === 0) return null
  const k = s.byKind
  const clauses = [
    preMeetingClause(s.preMeetingByBody),
    k.topic_study ? `领导班子开展法治专题学习${k.topic_study}次` : null,
    k.lecture ? `开展法治专题讲座${k.lecture}次` : null,
    k.court_hearing ? `组织旁听庭审${k.court_hearing}次` : null,
    k.all_staff_training ? `举办全员法治培训${k.all_staff_training}次` : null,
    k.enforcement_training ? `组织执法人员培训${k.enforcement_training}次` : null,
    k.appointment_training ? `开展任职培训法律课程${k.appointment_training}次` : null,
    k.other ? `开展其他学法活动${k.other}次` : null,
    lawsClause(s.laws),
    s.hours > 0 ? `累计学法${s.hours}学时` : null,
  ].filter((c): c is string => c !== null)
  const sentences = [`${r.year}年，${r.unit.name}坚持领导干部学法制度，${clauses.join('，')}。`]
  const a = r.attendance
  if (a.expected > 0 && a.rate !== null) {
    const makeup = a.makeup ? `（含请假后补学${a.makeup}人次）` : ''
    sentences.push(
      `全年应参学${a.expected}人次，实际参学${a.personTimes}人次${makeup}，共${a.people}人参加，` +
        `出勤率${percent(a.rate)}${withChange(r, 'attendance.rate')}。`,
    )
  }
  const q = r.quizzes
  if (q.assigned > 0 && q.completionRate !== null) {
    const parts = [`会前学法测试应参加${q.assigned}人次`]
    if (q.completed > 0) parts.push(`完成${q.completed}人次`)
    parts.push(`完成率${percent(q.completionRate)}${withChange(r, 'quizzes.completionRate')}`)
    if (q.averageScore !== null) parts.push(`平均得分${q.averageScore}分`)
    if (q.passRate !== null) parts.push(`合格率${percent(q.passRate)}`)
    sentences.push(`${parts.join('，')}。`)
  }
  return sentences.join('')
}

function appointmentClause(r: AnnualReport): string | null {
  const e = r.exams.appointment
  if (e.candidates === 0) return null
  if (e.tested === 0 || e.passRate === null || e.coverage === null) {
    return `确定任前法律知识考试对象${e.candidates}人，尚未组织考试`
  }
  const parts = [`组织领导干部任前法律知识考试${e.tested}人${e.makeups ? `（含补考${e.makeups}人次）` : ''}`]
  parts.push(`通过${e.passed}人，通过率${percent(e.passRate)}${withChange(r, 'appointment.passRate')}`)
  if (e.deferred) parts.push(`暂缓任用${e.deferred}人`)
  if (e.withdrawn) parts.push(`撤回提名${e.withdrawn}人`)
  if (e.coverage === 1) parts.push('任前法律知识考试已全面推行，实现应考尽考全覆盖')
  else parts.push(`应考${e.candidates}人，参考率${percent(e.coverage)}`)
  return parts.join('，')
}

function enforcementClause(r: AnnualReport): string | null {
  const e = r.exams.enforcement_cert
  if (e.personTimes === 0 || e.passRate === null) return null
  return `组织行政执法资格考试${e.sittings}期${e.personTimes}人次，通过率为${percent(e.passRate)}${withChange(r, 'enforcement_cert.passRate')}`
}

function annualClause(r: AnnualReport): string | null {
  const e = r.exams.annual
  if (e.tested === 0 || e.participationRate === null) return null
  const parts = [`开展年度学法考试，参考${e.tested}人，参考率${percent(e.participationRate)}`]
  if (e.passRate !== null) parts.push(`合格率${percent(e.passRate)}`)
  if (e.averageScore !== null) parts.push(`平均分${e.averageScore}分`)
  return parts.join('，')
}

function examParagraph(r: AnnualReport): string | null {
  const clauses = [appointmentClause(r), enforcementClause(r), annualClause(r)].filter((c): c is string => c !== null)
  return clauses.length ? `${clauses.join('；')}。` : null
}

export function writeNarrative(r: AnnualReport): string[] {
  return [studyParagraph(r), examParagraph(r), studyListSentence(r, percent)].filter((p): p is string => p !== null)
}

/** What the renderers print under the heading: the narrative, or, for a year with nothing in it, what to do first. */
export function narrativeOrNotice(r: AnnualReport): string[] {
  return r.narrative.length ? r.narrative : [EMPTY_YEAR(r.year)]
}
