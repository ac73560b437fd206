import { describe, expect, it } from 'vitest'
import { decideCheckin, isExpectedAt, type AudienceMember, type AudienceSession } from '../../src/sessions/checkin.rules.js'

const start = new Date('2024-03-05T01:00:00.000Z') // 09:00 in Asia/Shanghai
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000)

describe('decideCheckin (15 min before to 30 min after the start)', () => {
  it.each([
    [-60, 'too_early'],
    [-15.01, 'too_early'],
    [-15, 'present'],
    [-1, 'present'],
    [0, 'present'],
    [0.5, 'late'],
    [12, 'late'],
    [30, 'late'],
    [30.01, 'closed'],
    [24 * 60, 'closed'],
  ])('%d min from the start → %s', (minutes, kind) => {
    expect(decideCheckin(start, at(minutes)).kind).toBe(kind)
  })

  it('says how late, rounded up to whole minutes', () => {
    expect(decideCheckin(start, at(12.2))).toEqual({ kind: 'late', minutesLate: 13 })
    expect(decideCheckin(start, at(0.1))).toEqual({ kind: 'late', minutesLate: 1 })
  })

  it('tells when a window opens', () => {
    expect(decideCheckin(start, at(-60))).toEqual({ kind: 'too_early', opensAt: at(-15) })
  })

  it('takes another window', () => {
    expect(decideCheckin(start, at(-20), { beforeMin: 30, afterMin: 10 }).kind).toBe('present')
    expect(decideCheckin(start, at(11), { beforeMin: 30, afterMin: 10 }).kind).toBe('closed')
  })
})

describe('isExpectedAt', () => {
  const session = (over: Partial<AudienceSession> = {}): AudienceSession => ({
    startsAt: '2024-03-05T01:00:00.000Z',
    unitPath: '/PL/SFJ/',
    audience: null,
    audienceUnitPaths: [],
    ...over,
  })
  const member = (over: Partial<AudienceMember> = {}): AudienceMember => ({
    id: 'A1',
    unitPath: '/PL/SFJ/',
    isLeader: false,
    joinedAt: null,
    leftAt: null,
    ...over,
  })
  it.each<[string, AudienceSession, AudienceMember, boolean]>([
    ['same unit', session(), member(), true],
    ['unit below', session(), member({ unitPath: '/PL/SFJ/X/' }), true],
    ['other unit', session(), member({ unitPath: '/PL/JYJ/' }), false],
    ['joined after the start', session(), member({ joinedAt: '2024-03-06T00:00:00.000Z' }), false],
    ['joined before', session(), member({ joinedAt: '2024-03-01T00:00:00.000Z' }), true],
    ['left before', session(), member({ leftAt: '2024-03-01T00:00:00.000Z' }), false],
    ['named by id elsewhere', session({ audience: { officialIds: ['A1'] } }), member({ unitPath: '/X/' }), true],
    ['audience units replace the default', session({ audience: { unitCodes: ['JYJ'] }, audienceUnitPaths: ['/PL/JYJ/'] }), member(), false],
    [
      'in an audience unit',
      session({ audience: { unitCodes: ['JYJ'] }, audienceUnitPaths: ['/PL/JYJ/'] }),
      member({ unitPath: '/PL/JYJ/' }),
      true,
    ],
    ['leaders only, not a leader', session({ audience: { leadersOnly: true } }), member(), false],
    ['leaders only, a leader', session({ audience: { leadersOnly: true } }), member({ isLeader: true }), true],
  ])('%s', (_name, s, o, expected) => {
    expect(isExpectedAt(s, o)).toBe(expected)
  })
})
