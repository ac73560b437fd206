/**
 * How the report writes its numbers, in one place for the narrative, the tables (Markdown, Word, the dashboard) and
 * the demo: percentages, changes in percentage points, and head counts exact or in the seeds' round style.
 */
import { roundTo } from './report.rules.js'

/** At most one decimal, a trailing ".0" dropped, as the seeds write them: 0.888 → "88.8%", 1 → "100%", 0.75 → "75%". */
function oneDecimal(value: number): string {
  return String(roundTo(value, 1))
}

/** A fraction as a percentage: 0.888 → "88.8%", 1 → "100%". */
export function percent(fraction: number): string {
  return `${oneDecimal(fraction * 100)}%`
}

/** 0.138 → "较上一年提高13.8个百分点"; 0.1 → "较上一年提高10个百分点"; a change that rounds to nothing is "与上一年持平". */
export function changePhrase(diff: number): string {
  const points = roundTo(diff * 100, 1)
  if (points === 0) return '与上一年持平'
  return `较上一年${points > 0 ? '提高' : '下降'}${oneDecimal(Math.abs(points))}个百分点`
}

/**
 * A head count (人 or 人次) as written in the report. Exact by default ("312"); `rounded` writes it the way the seeds
 * do — "300余", "百余", "50余", "1400余" — rounded down, so the figure never claims more than the ledger shows.
 * Under 10, and a count that is already round, stay exact.
 */
export function headCount(n: number, rounded = false): string {
  if (!rounded || n < 10) return String(n)
  const digits = String(Math.trunc(n)).length
  const step = 10 ** (digits >= 4 ? digits - 2 : digits - 1)
  const floor = Math.floor(n / step) * step
  if (floor === n) return String(n)
  return floor === 100 ? '百余' : `${floor}余`
}
