/**
 * The 学法清单 import: the file replaces the list of each (unit, year) it names — laws listed there before and not in
 * the file are taken off (counted as `removed`); lists of other units and years are left alone. Titles
 * are canonical (normalizeLawTitle, through parseLaws); a law named twice for the same unit and year is a problem.
 * A column the file lacks keeps what is stored (适用人员 defaults to 全体人员).
 */
import type { Executor } from '../storage/db.js'
import { findStudyLists, replaceStudyListStatements, type StoredListLaw } from '../reports/study-list.repo.js'
import type { ImportProblem } from './import.types.js'
import { emptyCounts, keep, type Item, type Plan, type PlanContext } from './apply.js'
import type { Write } from './bulk.repo.js'
import type { StudyListRecord } from './rows-study-list.js'

const pairKey = (unitCode: string, year: number) => `${unitCode}\u0000${year}`

export async function planStudyList(ex: Executor, items: Item<StudyListRecord>[], ctx: PlanContext): Promise<Plan> {
  const problems: ImportProblem[] = []
  const pairs = new Map<string, { unitCode: string; year: number; laws: Map<string, { line: number; record: StudyListRecord }> }>()
  for (const item of items) {
    const { unitCode, year } = item.record
    const key = pairKey(unitCode, year)
    const pair = pairs.get(key) ?? { unitCode, year, laws: new Map() }
    pairs.set(key, pair)
    for (const title of item.record.law) {
      const first = pair.laws.get(title)
      if (first) {
        problems.push({
          line: item.line,
          column: ctx.header('law'),
          message: `《${title}》已在第 ${first.line} 行列入 ${unitCode} 的 ${year} 年清单`,
        })
      } else pair.laws.set(title, item)
    }
  }
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const stored = await findStudyLists(ex, [...pairs.values()])
  const counts = emptyCounts()
  let removed = 0
  const writes: Write[] = []
  for (const [key, pair] of pairs) {
    const before = new Map((stored.get(key) ?? []).map((l) => [l.title, l]))
    const laws: StoredListLaw[] = []
    let changed = false
    for (const [title, { record }] of pair.laws) {
      const old = before.get(title)
      // an empty 适用人员 cell is 全体人员; a file without the column keeps what is stored
      const appliesTo = keep(record.appliesTo === null ? 'all' : record.appliesTo, old?.appliesTo, 'all')
      const note = keep(record.note, old?.note, null)
      laws.push({ title, appliesTo, note })
      if (old && old.appliesTo === appliesTo && old.note === note && old.position === laws.length) {
        counts.unchanged++
        continue
      }
      if (old) counts.updated++
      else counts.inserted++
      changed = true
    }
    const gone = [...before.keys()].filter((t) => !pair.laws.has(t)).length
    removed += gone
    if (!changed && gone === 0) continue
    for (const stmt of replaceStudyListStatements(pair.unitCode, pair.year, laws, ctx.now)) writes.push({ stmt, rows: 1 })
  }
  return { problems, counts: removed ? { ...counts, removed } : counts, writes }
}
