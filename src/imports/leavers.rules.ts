/**
 * Who an officials import marks as left, and when that needs the importer's explicit confirmation: a file that
 * would mark more than half of a unit's current people as left is more often the wrong file (one department's
 * new hire uploaded as the whole roster) than a real reorganisation. One rule for the API, the dashboard and the CLI.
 */
import type { ImportProblem, Leaver, UnitToConfirm } from './import.types.js'
import { LEAVERS } from './copy.zh.js'

/** More than half: 1 of 1, 2 of 3, 3 of 4 — not 1 of 2. */
export function needsConfirmation(leaving: number, current: number): boolean {
  return leaving > 0 && leaving * 2 > current
}

/** The units among `leavers` that need confirmation, given each unit's current head count. */
export function unitsToConfirm(leavers: readonly Leaver[], currentByUnit: ReadonlyMap<string, number>): UnitToConfirm[] {
  const byUnit = new Map<string, Leaver[]>()
  for (const l of leavers) {
    const group = byUnit.get(l.unitCode)
    if (group) group.push(l)
    else byUnit.set(l.unitCode, [l])
  }
  const out: UnitToConfirm[] = []
  for (const [unitCode, leaving] of byUnit) {
    const current = currentByUnit.get(unitCode) ?? leaving.length
    if (needsConfirmation(leaving.length, current)) out.push({ unitCode, unitName: leaving[0]!.unitName, current, leaving })
  }
  return out.sort((a, b) => a.unitCode.localeCompare(b.unitCode))
}

/** The refusal, one problem per unit, on the file's first row of that unit. */
export function leaverProblems(units: readonly UnitToConfirm[], lineOfUnit: (unitCode: string) => number, column: string): ImportProblem[] {
  return units.map((u) => ({ line: lineOfUnit(u.unitCode), column, message: LEAVERS.refused(u) }))
}
