import { describe, expect, it } from 'vitest'
import { annualStart, annualStateAfter, blueprintOf, checkWindow, reminderAt } from '../../src/exams/annual.rules.js'

const d = (iso: string) => new Date(iso)

describe('the 年度学法考试 rules', () => {
  it.each([
    [40, { single: 20, multiple: 10, judge: 10 }],
    [10, { single: 5, multiple: 2, judge: 3 }],
    [1, { single: 1, multiple: 0, judge: 0 }],
    [3, { single: 2, multiple: 0, judge: 1 }],
  ])('splits %i questions as the 任前 exam does', (n, bp) => {
    expect(blueprintOf(n)).toEqual(bp)
    expect(bp.single + bp.multiple + bp.judge).toBe(n)
  })

  it.each([
    ['2024-05-06T01:00:00Z', '2024-05-13T01:00:00Z', '2024-05-01T00:00:00Z', null],
    ['2024-05-06T01:00:00Z', '2024-05-06T01:00:00Z', '2024-05-01T00:00:00Z', 'order'],
    ['2024-05-06T01:00:00Z', '2024-05-13T01:00:00Z', '2024-05-13T01:00:00Z', 'past'],
    ['2024-05-06T01:00:00Z', '2024-09-01T01:00:00Z', '2024-05-01T00:00:00Z', 'long'],
    // opening in the past is fine while it has not closed: it opens at once
    ['2024-04-06T01:00:00Z', '2024-05-13T01:00:00Z', '2024-05-01T00:00:00Z', null],
  ])('window %s – %s at %s: %s', (opens, closes, now, problem) => {
    expect(checkWindow(d(opens), d(closes), d(now))).toBe(problem)
  })

  it.each([
    ['assigned', 1, true, 1, 'passed'],
    ['assigned', 1, false, 1, 'failed'],
    ['assigned', 1, false, 2, 'assigned'],
    ['assigned', 2, false, 2, 'failed'],
    ['passed', 2, false, 3, 'passed'],
  ] as const)('state %s after sitting %i (passed %s, %i allowed) is %s', (state, no, passed, allowed, after) => {
    expect(annualStateAfter(state, no, passed, allowed)).toBe(after)
  })

  const exam = {
    opensAt: '2024-05-06T01:00:00.000Z',
    closesAt: '2024-05-13T01:00:00.000Z',
    minutes: 60,
    attempts: 2,
    state: 'assigned' as const,
  }
  it.each([
    ['2024-05-06T00:59:00Z', exam, 0, { kind: 'not_open', opensAt: exam.opensAt }],
    ['2024-05-06T01:00:00Z', exam, 0, { kind: 'start', attemptNo: 1, endsAt: '2024-05-06T02:00:00.000Z' }],
    ['2024-05-13T00:30:00Z', exam, 1, { kind: 'start', attemptNo: 2, endsAt: exam.closesAt }],
    ['2024-05-13T01:00:00Z', exam, 0, { kind: 'closed', closesAt: exam.closesAt }],
    ['2024-05-07T01:00:00Z', exam, 2, { kind: 'used_up', allowed: 2 }],
    ['2024-05-07T01:00:00Z', { ...exam, state: 'passed' as const }, 1, { kind: 'passed' }],
  ])('at %s a sitting: %j', (now, e, taken, decision) => {
    expect(annualStart(e, taken, d(now))).toEqual(decision)
  })

  it.each([
    ['2024-05-06T01:00:00Z', '2024-05-13T01:00:00Z', '2024-05-12T01:00:00.000Z'],
    ['2024-05-06T01:00:00Z', '2024-05-08T01:00:00Z', '2024-05-07T01:00:00.000Z'],
    ['2024-05-06T01:00:00Z', '2024-05-06T09:00:00Z', '2024-05-06T05:00:00.000Z'],
    ['2024-05-06T01:00:00Z', '2024-05-06T03:00:00Z', '2024-05-06T02:00:00.000Z'],
  ])('a window %s – %s is reminded at %s', (opens, closes, at) => {
    expect(reminderAt(d(opens), d(closes))?.toISOString()).toBe(at)
  })

  it('sends no reminder in a window under two hours', () => {
    expect(reminderAt(d('2024-05-06T01:00:00Z'), d('2024-05-06T02:59:00Z'))).toBeNull()
  })
})
