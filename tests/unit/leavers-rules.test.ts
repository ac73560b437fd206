import { describe, expect, it } from 'vitest'
import { needsConfirmation, unitsToConfirm } from '../../src/imports/leavers.rules.js'
import type { Leaver } from '../../src/imports/import.types.js'

describe('needsConfirmation: more than half of a unit’s current people leaving', () => {
  it.each([
    [0, 0, false],
    [0, 5, false],
    [1, 1, true],
    [1, 2, false],
    [2, 3, true],
    [2, 4, false],
    [3, 5, true],
    [5, 6, true],
  ])('%i leaving of %i → %s', (leaving, current, expected) => {
    expect(needsConfirmation(leaving, current)).toBe(expected)
  })

  it('groups the leavers by unit and keeps only the units over half', () => {
    const l = (id: string, unitCode: string): Leaver => ({ id, name: `${id}名`, unitCode, unitName: `${unitCode}局` })
    const units = unitsToConfirm(
      [l('A1', 'A'), l('A2', 'A'), l('B1', 'B')],
      new Map([
        ['A', 3],
        ['B', 4],
      ]),
    )
    expect(units).toEqual([{ unitCode: 'A', unitName: 'A局', current: 3, leaving: [l('A1', 'A'), l('A2', 'A')] }])
  })
})
