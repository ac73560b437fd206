/**
 * The year's 学法清单 (issue 21 item 7): which listed laws were studied, and by how many of those expected. One home
 * for the rule; the report's JSON, the dashboard, the 台账 and the narrative all read `foldStudyList`.
 *
 * - A list belongs to a unit and a year. Each law applies to the unit's own people (officials.unit_code; a unit below
 *   it has its own list), all of them or one kind the roster knows: 领导班子成员 (is_leader), 主要负责人
 *   (is_principal), 执法人员 (is_enforcement). The roster has no structured post, so the list is by unit with that filter.
 * - **Studied**: at least one session held in the year, organised by the unit itself, a unit above it or a unit below
 *   it, with the law among its laws (session_laws).
 * - **Expected** (m): the people the law applies to who are on the roster at the end of the year — joined before the
 *   year ends (a person who joined mid-year is expected) and not marked as left before it ends (a person who left
 *   during the year is not expected, and not counted as reached either).
 * - **Reached** (n): those expected who attended (出席, 迟到 or 补学) such a session — one that starts after they joined,
 *   the report's rule for who is expected at a session — or who finished, in the year, a quiz with a question on
 *   that law. A person counts once per law however often they studied it; a law studied at several sessions counts once.
 * - **Completion rate** of a list: laws studied / laws listed. **Reach rate**: reached / expected, summed over the laws.
 */
import { rate } from './report.rules.js'
import type { AppliesTo, StudyListBlock, StudyListLaw, StudyListUnit } from './study-list.types.js'

export { APPLIES_TO, type AppliesTo, type StudyListBlock } from './study-list.types.js'

export interface StudyListEntry {
  unitCode: string
  unitName: string
  lawTitle: string
  appliesTo: AppliesTo
}

export interface ListPerson {
  id: string
  name: string
  unitCode: string
  isLeader: boolean
  isPrincipal: boolean
  isEnforcement: boolean
  /** ISO UTC; null = on the roster from the start */
  joinedAt: string | null
  /** ISO UTC; null = still on the roster */
  leftAt: string | null
}

export interface StudyFacts {
  /** the held sessions that count for a unit's law, by `unitLawKey` */
  sessions: ReadonlyMap<string, readonly string[]>
  /** `personLawKey`s of people who attended such a session (after joining) or finished a quiz on the law in the year */
  studiedBy: ReadonlySet<string>
}

/** What the 台账 shows behind each law's figures. */
export interface StudyListEvidence {
  unitCode: string
  lawTitle: string
  sessionIds: readonly string[]
  notReached: { id: string; name: string }[]
}

export const unitLawKey = (unitCode: string, lawTitle: string): string => `${unitCode}\u0000${lawTitle}`
export const personLawKey = (officialId: string, lawTitle: string): string => `${officialId}\u0000${lawTitle}`

/** Does a law listed for `appliesTo` apply to this person? */
export function appliesToPerson(appliesTo: AppliesTo, p: ListPerson): boolean {
  switch (appliesTo) {
    case 'all':
      return true
    case 'leaders':
      return p.isLeader
    case 'principals':
      return p.isPrincipal
    case 'enforcement':
      return p.isEnforcement
  }
}

/** On the roster at the end of the year [from, to): joined before `to`, not left before `to`. */
export function onRosterAtYearEnd(p: Pick<ListPerson, 'joinedAt' | 'leftAt'>, to: string): boolean {
  return (p.joinedAt === null || p.joinedAt < to) && (p.leftAt === null || p.leftAt >= to)
}

/** Entries in list order (unit, then position); people of the listed units. */
export function foldStudyList(
  entries: readonly StudyListEntry[],
  people: readonly ListPerson[],
  facts: StudyFacts,
  yearEnd: string,
): { block: StudyListBlock | null; evidence: StudyListEvidence[] } {
  if (entries.length === 0) return { block: null, evidence: [] }
  const peopleOf = new Map<string, ListPerson[]>()
  for (const p of people) {
    if (!onRosterAtYearEnd(p, yearEnd)) continue
    const list = peopleOf.get(p.unitCode) ?? []
    list.push(p)
    peopleOf.set(p.unitCode, list)
  }
  const units = new Map<string, StudyListUnit>()
  const evidence: StudyListEvidence[] = []
  for (const e of entries) {
    const sessionIds = facts.sessions.get(unitLawKey(e.unitCode, e.lawTitle)) ?? []
    const expected = (peopleOf.get(e.unitCode) ?? []).filter((p) => appliesToPerson(e.appliesTo, p))
    const notReached = expected.filter((p) => !facts.studiedBy.has(personLawKey(p.id, e.lawTitle)))
    const law: StudyListLaw = {
      title: e.lawTitle,
      appliesTo: e.appliesTo,
      studied: sessionIds.length > 0,
      sessions: sessionIds.length,
      expected: expected.length,
      reached: expected.length - notReached.length,
    }
    const unit = units.get(e.unitCode) ?? {
      code: e.unitCode,
      name: e.unitName,
      listed: 0,
      studied: 0,
      completionRate: null,
      expected: 0,
      reached: 0,
      reachRate: null,
      laws: [],
    }
    unit.laws.push(law)
    units.set(e.unitCode, unit)
    evidence.push({
      unitCode: e.unitCode,
      lawTitle: e.lawTitle,
      sessionIds,
      notReached: notReached.map((p) => ({ id: p.id, name: p.name })),
    })
  }
  const all = [...units.values()].map(totalUnit)
  const sum = (f: (u: StudyListUnit) => number) => all.reduce((n, u) => n + f(u), 0)
  const block: StudyListBlock = {
    listed: sum((u) => u.listed),
    studied: sum((u) => u.studied),
    completionRate: rate(
      sum((u) => u.studied),
      sum((u) => u.listed),
    ),
    expected: sum((u) => u.expected),
    reached: sum((u) => u.reached),
    reachRate: rate(
      sum((u) => u.reached),
      sum((u) => u.expected),
    ),
    units: all,
  }
  return { block, evidence }
}

function totalUnit(u: StudyListUnit): StudyListUnit {
  const listed = u.laws.length
  const studied = u.laws.filter((l) => l.studied).length
  const expected = u.laws.reduce((n, l) => n + l.expected, 0)
  const reached = u.laws.reduce((n, l) => n + l.reached, 0)
  return { ...u, listed, studied, completionRate: rate(studied, listed), expected, reached, reachRate: rate(reached, expected) }
}
