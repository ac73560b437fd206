import { describe, expect, it } from 'vitest'
import {
  appliesToPerson,
  foldStudyList,
  onRosterAtYearEnd,
  personLawKey,
  unitLawKey,
  type AppliesTo,
  type ListPerson,
  type StudyListEntry,
} from '../../src/reports/study-list.rules.js'
import { createRowParser } from '../../src/imports/rows.js'

// 2024 in Asia/Shanghai
const FROM = '2023-12-31T16:00:00.000Z'
const TO = '2024-12-31T16:00:00.000Z'

const person = (id: string, over: Partial<ListPerson> = {}): ListPerson => ({
  id,
  name: `干部${id}`,
  unitCode: 'SFJ',
  isLeader: false,
  isPrincipal: false,
  isEnforcement: false,
  joinedAt: null,
  leftAt: null,
  ...over,
})

describe('who a listed law applies to', () => {
  const leader = person('L', { isLeader: true })
  const principal = person('P', { isPrincipal: true, isLeader: true })
  const enforcer = person('E', { isEnforcement: true })
  const plain = person('X')
  it.each<[AppliesTo, ListPerson, boolean]>([
    ['all', plain, true],
    ['leaders', leader, true],
    ['leaders', plain, false],
    ['principals', principal, true],
    ['principals', leader, false],
    ['enforcement', enforcer, true],
    ['enforcement', leader, false],
  ])('%s, %o → %s', (appliesTo, p, expected) => {
    expect(appliesToPerson(appliesTo, p)).toBe(expected)
  })
})

describe('on the roster at the end of the year', () => {
  it.each<[string, string | null, string | null, boolean]>([
    ['always there', null, null, true],
    ['joined mid-year', '2024-06-30T16:00:00.000Z', null, true],
    ['joined on the first day of the next year', TO, null, false],
    ['left mid-year', null, '2024-06-30T16:00:00.000Z', false],
    ['left the year before', null, FROM, false],
    ['left on the first day of the next year', null, TO, true],
    ['joined and left within the year', '2024-03-01T00:00:00.000Z', '2024-09-01T00:00:00.000Z', false],
  ])('%s', (_, joinedAt, leftAt, expected) => {
    expect(onRosterAtYearEnd({ joinedAt, leftAt }, TO)).toBe(expected)
  })
})

describe('foldStudyList', () => {
  const FUYI = '中华人民共和国行政复议法'
  const CHUFA = '中华人民共和国行政处罚法'
  const MINFA = '中华人民共和国民法典'
  const entries: StudyListEntry[] = [
    { unitCode: 'SFJ', unitName: '县司法局', lawTitle: FUYI, appliesTo: 'all' },
    { unitCode: 'SFJ', unitName: '县司法局', lawTitle: CHUFA, appliesTo: 'leaders' },
    { unitCode: 'SFJ', unitName: '县司法局', lawTitle: MINFA, appliesTo: 'all' },
    { unitCode: 'JYJ', unitName: '县教育局', lawTitle: FUYI, appliesTo: 'all' },
  ]
  const people = [
    person('stay', { isLeader: true }),
    person('mid', { joinedAt: '2024-07-01T00:00:00.000Z' }),
    person('late', { joinedAt: '2024-08-01T00:00:00.000Z' }),
    person('gone', { leftAt: '2024-05-01T00:00:00.000Z' }),
    person('next', { joinedAt: TO }),
    person('edu', { unitCode: 'JYJ' }),
  ]
  const facts = {
    // 复议法 studied at two sessions (twice); 处罚法 at one; 民法典 at none
    sessions: new Map([
      [unitLawKey('SFJ', FUYI), ['S1', 'S2']],
      [unitLawKey('SFJ', CHUFA), ['S3']],
    ]),
    studiedBy: new Set([
      personLawKey('stay', FUYI), // at both sessions: counted once
      personLawKey('mid', FUYI), // joined mid-year, then studied
      personLawKey('gone', FUYI), // studied, then left: not expected, not reached
      personLawKey('mid', MINFA), // a quiz on a law no session studied
      personLawKey('edu', FUYI),
    ]),
  }
  const { block, evidence } = foldStudyList(entries, people, facts, TO)

  it('says per law: studied or not, sessions, reached / expected (a leaver out, a mid-year joiner in, a law studied twice counted once)', () => {
    expect(block?.units[0]?.laws).toEqual([
      { title: FUYI, appliesTo: 'all', studied: true, sessions: 2, expected: 3, reached: 2 },
      { title: CHUFA, appliesTo: 'leaders', studied: true, sessions: 1, expected: 1, reached: 0 },
      { title: MINFA, appliesTo: 'all', studied: false, sessions: 0, expected: 3, reached: 1 },
    ])
  })

  it('totals per unit and over the scope: completion = laws studied / listed, reach = reached / expected', () => {
    const sfj = block?.units[0]
    expect(sfj).toMatchObject({ code: 'SFJ', listed: 3, studied: 2, completionRate: 0.6667, expected: 7, reached: 3, reachRate: 0.4286 })
    expect(block?.units[1]).toMatchObject({ code: 'JYJ', listed: 1, studied: 0, completionRate: 0, expected: 1, reached: 1, reachRate: 1 })
    expect(block).toMatchObject({ listed: 4, studied: 2, completionRate: 0.5, expected: 8, reached: 4, reachRate: 0.5 })
  })

  it('keeps, for the 台账, the sessions that count and who was not reached', () => {
    expect(evidence[0]).toEqual({
      unitCode: 'SFJ',
      lawTitle: FUYI,
      sessionIds: ['S1', 'S2'],
      notReached: [{ id: 'late', name: '干部late' }],
    })
  })

  it('is null without a list', () => {
    expect(foldStudyList([], people, facts, TO)).toEqual({ block: null, evidence: [] })
  })

  it('gives no rate for a unit with a list but nobody the law applies to', () => {
    const only = foldStudyList([{ unitCode: 'SFJ', unitName: '县司法局', lawTitle: FUYI, appliesTo: 'enforcement' }], people, facts, TO)
    expect(only.block?.units[0]).toMatchObject({ expected: 0, reached: 0, reachRate: null, completionRate: 1 })
  })
})

describe('the study-list import row', () => {
  const parse = createRowParser('study-list', { tz: 'Asia/Shanghai', passScore: 60 })
  it('takes short names, 《》 and a list of laws, and 适用人员 in Chinese', () => {
    expect(
      parse({ unit_code: 'SFJ', year: '2024', law: '《行政复议法》；民法典、中华人民共和国行政处罚法', applies_to: '领导班子成员' }),
    ).toEqual({
      ok: true,
      value: {
        unitCode: 'SFJ',
        year: 2024,
        law: ['中华人民共和国行政复议法', '中华人民共和国民法典', '中华人民共和国行政处罚法'],
        appliesTo: 'leaders',
      },
    })
  })
  it.each([
    [{ unit_code: 'SFJ', year: '24', law: '民法典' }, 'year'],
    [{ unit_code: 'SFJ', year: '2024', law: '《》' }, 'law'],
    [{ unit_code: 'SFJ', year: '2024', law: '民法典', applies_to: '科员' }, 'applies_to'],
  ])('refuses %o in column %s', (row, key) => {
    const out = parse(row)
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.problems.map((p) => p.key)).toEqual([key])
  })
})
