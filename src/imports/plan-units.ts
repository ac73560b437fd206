/**
 * Units: the file's tree merged over the database's. Parents must exist in one of the two (references.ts),
 * the merged tree must have no cycle, and every unit whose materialised path changes — the file's and their
 * descendants already in the database — is rewritten, parents before children.
 */
import type { InValue } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import type { ImportProblem } from './import.types.js'
import { emptyCounts, findDuplicates, sameValues, type Item, type Plan, type PlanContext } from './apply.js'
import { selectAll, upsertWrites } from './bulk.repo.js'
import type { UnitRecord } from './rows.js'

interface UnitRow {
  name: string
  parent: string | null
  path: string
}

const UNIT_UPSERT = {
  table: 'units',
  columns: ['code', 'name', 'parent_code', 'path', 'created_at', 'updated_at'],
  conflict: ['code'],
  update: ['name', 'parent_code', 'path', 'updated_at'],
} as const

export async function planUnits(ex: Executor, items: Item<UnitRecord>[], ctx: PlanContext): Promise<Plan> {
  const stored = await selectAll(ex, 'units', ['code', 'name', 'parent_code', 'path'])
  const existing = new Map<string, UnitRow>()
  for (const r of stored) {
    existing.set(String(r.code), {
      name: String(r.name),
      parent: r.parent_code == null ? null : String(r.parent_code),
      path: String(r.path),
    })
  }
  const { unique, problems } = findDuplicates(
    items,
    (r) => r.code,
    (item, first) => ({
      line: item.line,
      column: ctx.header('code'),
      message: `单位代码「${item.record.code}」与第 ${first} 行重复`,
    }),
  )

  const parentOf = new Map<string, string | null>()
  for (const [code, row] of existing) parentOf.set(code, row.parent)
  for (const [code, { record }] of unique) {
    parentOf.set(code, record.parentCode === undefined ? (existing.get(code)?.parent ?? null) : record.parentCode)
  }

  for (const [code, item] of unique) {
    const parent = parentOf.get(code) ?? null
    if (parent === null) continue
    const problem = (message: string): ImportProblem => ({ line: item.line, column: ctx.header('parent_code'), message })
    if (parent === code) problems.push(problem('上级单位不能是本单位'))
    else if (parentOf.has(parent)) {
      const cycle = cycleFrom(code, parentOf)
      if (cycle) problems.push(problem(`上级单位形成循环：${cycle.join(' → ')}`))
    }
  }
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const paths = new Map<string, string>()
  const pathOf = (code: string): string => {
    let path = paths.get(code)
    if (path === undefined) {
      const parent = parentOf.get(code) ?? null
      path = `${(parent === null ? '/' : pathOf(parent)) + code}/`
      paths.set(code, path)
    }
    return path
  }

  const counts = emptyCounts()
  const changed: { depth: number; values: InValue[] }[] = []
  let moved = 0
  for (const [code, before] of existing) {
    const item = unique.get(code)
    const after = { name: item?.record.name ?? before.name, parent: parentOf.get(code) ?? null, path: pathOf(code) }
    const same = sameValues([after.name, after.parent, after.path], [before.name, before.parent, before.path])
    if (item) {
      if (same) counts.unchanged++
      else counts.updated++
    } else if (!same) moved++
    if (!same) changed.push({ depth: depth(after.path), values: [code, after.name, after.parent, after.path, ctx.now, ctx.now] })
  }
  for (const [code, { record }] of unique) {
    if (existing.has(code)) continue
    counts.inserted++
    const path = pathOf(code)
    changed.push({ depth: depth(path), values: [code, record.name, parentOf.get(code) ?? null, path, ctx.now, ctx.now] })
  }
  changed.sort((a, b) => a.depth - b.depth)
  return {
    problems,
    counts,
    writes: upsertWrites(
      UNIT_UPSERT,
      changed.map((c) => c.values),
    ),
    detail: { descendantsMoved: moved },
  }
}

/** The cycle `code` sits on in the merged tree, as codes from `code` back to it; null when there is none. */
function cycleFrom(code: string, parentOf: ReadonlyMap<string, string | null>): string[] | null {
  const seen = [code]
  let at = parentOf.get(code) ?? null
  while (at !== null && seen.length <= parentOf.size) {
    if (at === code) return [...seen, code]
    if (seen.includes(at)) return null // a cycle above us, reported on its own members
    seen.push(at)
    at = parentOf.get(at) ?? null
  }
  return null
}

function depth(path: string): number {
  return path.split('/').length
}
