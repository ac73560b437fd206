/**
 * Officials: upsert by id. Whoever is missing from a re-imported roster is marked left — never deleted —
 * but only within the units the file speaks for, so one department's roster leaves the rest of the
 * county alone. A person who reappears is on the roster again.
 */
import type { InValue } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import {
  PAUSE_EVERY_ROWS,
  emptyCounts,
  pacedUpsertWrites,
  findDuplicates,
  keep,
  sameValues,
  stored,
  text,
  type Item,
  type Plan,
  type PlanContext,
} from './apply.js'
import { selectAll, updateWhereInWrites } from './bulk.repo.js'
import type { OfficialRecord } from './rows.js'
import { leaverProblems, unitsToConfirm } from './leavers.rules.js'
import type { Leaver } from './import.types.js'

/** What a roster row sets, in the order of the row built below and of the comparison with what is stored. */
const FIELDS = [
  'name',
  'unit_code',
  'title',
  'is_leader',
  'is_principal',
  'is_enforcement',
  'is_organizer',
  'joined_at',
  'left_at',
] as const

const OFFICIAL_UPSERT = {
  table: 'officials',
  columns: ['id', ...FIELDS, 'created_at', 'updated_at'],
  conflict: ['id'],
  update: [...FIELDS, 'updated_at'],
} as const

export async function planOfficials(ex: Executor, items: Item<OfficialRecord>[], ctx: PlanContext): Promise<Plan> {
  const storedRows = await selectAll(ex, 'officials', ['id', ...FIELDS])
  const existing = new Map(storedRows.map((r) => [String(r.id), r]))

  const { unique, problems } = findDuplicates(
    items,
    (r) => r.id,
    (item, first) => ({
      line: item.line,
      column: ctx.header('id'),
      message: `编号「${item.record.id}」与第 ${first} 行重复`,
    }),
  )
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const counts = emptyCounts()
  const rows: InValue[][] = []
  let seen = 0
  for (const [id, { record }] of unique) {
    if (++seen % PAUSE_EVERY_ROWS === 0) await ctx.pause()
    const before = existing.get(id)
    // in OFFICIAL_UPSERT's column order, flags as stored (0/1)
    const row: InValue[] = [
      id,
      record.name,
      record.unitCode,
      keep(record.title, before ? text(before.title) : undefined, null),
      stored(keep(record.isLeader, before ? before.is_leader === 1 : undefined, false)),
      stored(keep(record.isPrincipal, before ? before.is_principal === 1 : undefined, false)),
      stored(keep(record.isEnforcement, before ? before.is_enforcement === 1 : undefined, false)),
      stored(keep(record.isOrganizer, before ? before.is_organizer === 1 : undefined, false)),
      keep(record.joinedAt, before ? text(before.joined_at) : undefined, null),
      null, // left_at: listed in the file, so on the roster
      ctx.now,
      ctx.now,
    ]
    if (!before) counts.inserted++
    else if (
      sameValues(
        row.slice(1, 1 + FIELDS.length),
        FIELDS.map((f) => before[f]),
      )
    ) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push(row)
  }

  const unitsInFile = new Set([...unique.values()].map((i) => i.record.unitCode))
  const leaving: string[] = []
  const leavers: Leaver[] = []
  const currentByUnit = new Map<string, number>()
  const unitNames = new Map((await selectAll(ex, 'units', ['code', 'name'])).map((u) => [String(u.code), String(u.name)]))
  for (const [id, r] of existing) {
    const unitCode = String(r.unit_code)
    if (r.left_at != null || !unitsInFile.has(unitCode)) continue
    currentByUnit.set(unitCode, (currentByUnit.get(unitCode) ?? 0) + 1)
    if (unique.has(id)) continue
    leaving.push(id)
    leavers.push({ id, name: String(r.name), unitCode, unitName: unitNames.get(unitCode) ?? unitCode })
  }
  leavers.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.id.localeCompare(b.id))
  counts.left = leaving.length
  const toConfirm = unitsToConfirm(leavers, currentByUnit)
  const firstLine = (unitCode: string) => [...unique.values()].find((i) => i.record.unitCode === unitCode)?.line ?? 1
  return {
    problems,
    counts,
    leavers,
    ...(toConfirm.length > 0
      ? { confirm: { units: toConfirm, problems: leaverProblems(toConfirm, firstLine, ctx.header('unit_code')) } }
      : {}),
    writes: [
      ...(await pacedUpsertWrites(OFFICIAL_UPSERT, rows, ctx)),
      ...updateWhereInWrites('officials', { left_at: ctx.now, updated_at: ctx.now }, 'id', leaving),
    ],
  }
}
