/**
 * The narrative's one sentence on the year's 学法清单: how many laws the lists named, how many were studied, the
 * completion rate, and the laws not yet studied (the first three). Nothing when no unit in scope has a list, or in a
 * year with nothing held (the report then says what to do first). Plain text: each renderer escapes for its output.
 */
import { STUDY_LIST } from './copy.zh.js'
import type { AnnualReport } from './report.types.js'

const MAX_MISSING = 3

/** `percent` is the narrative's own way of writing a rate, passed in so that this file does not import the narrative. */
export function studyListSentence(r: AnnualReport, percent: (fraction: number) => string): string | null {
  const s = r.studyList
  if (!s || s.listed === 0 || s.completionRate === null || r.sessions.held === 0) return null
  const missing = [...new Set(s.units.flatMap((u) => u.laws.filter((l) => !l.studied).map((l) => l.title)))]
  return STUDY_LIST.sentence({
    units: s.units.length,
    listed: s.listed,
    studied: s.studied,
    rate: percent(s.completionRate),
    missing: missing.slice(0, MAX_MISSING),
    moreMissing: missing.length > MAX_MISSING,
  })
}
