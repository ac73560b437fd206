/**
 * The province roll-up's sums (issue 19), pure. Each county's figures are its own report's (report.service collectYear);
 * the total adds them up, and counts a person once across counties:
 * - per person-time, per session and per sitting (summed): sessions, hours, laws, the attendance marks and personTimes,
 *   quizzes assigned and completed (and their scores), 任前 make-ups, 执法资格 sittings (each county's own 期), personTimes
 *   and passed;
 * - per person (counted once): attendance.people, 任前 candidates, tested, passed, deferred, withdrawn, and 年度学法考试
 *   enrolled, tested, passed and the average of each person's best score.
 * Who is one person: the roster's 编号 (officials.id) with the same 姓名 in every county that has it — an official who
 * moved between counties. The same 编号 under another name is another person (a clash of two counties' numbering).
 * Every rate is recomputed from the totals with the report's own rules (report.rules.ts), never averaged.
 */
import type { AnnualPersonRow, CandidateRow } from './exam-figures.repo.js'
import {
  average,
  byCodePoint,
  emptyByKind,
  foldAttendance,
  foldAnnualExam,
  foldAppointment,
  preMeetingByBody,
  rate,
  roundTo,
} from './report.rules.js'
import type { ReportUnit, YearFigures } from './report.types.js'
import { SESSION_KINDS } from './report.types.js'
import type { RollupCounty, RollupFigures, SharedOfficial } from './rollup.types.js'

/** What the total needs of one county's year beyond its figures: who the people were, and the raw quiz sums. */
export interface CountyPeople {
  /** 编号 of everyone who attended (attendance.people) */
  attended: string[]
  /** the year's quizzes: the sums behind averageScore and passRate */
  quizScoreSum: number
  quizPassed: number
  /** 任前 candidates, one row each (exam-figures.repo listAppointmentCandidates) */
  candidates: CandidateRow[]
  /** 年度学法考试, one row per person enrolled (exam-figures.repo listAnnualExamPeople) */
  annual: AnnualPersonRow[]
}

export interface CountyYear {
  figures: YearFigures
  people: CountyPeople
}

export interface CountyInput {
  namespace: string
  unit: ReportUnit
  roster: { id: string; name: string }[]
  current: CountyYear
  previous: CountyYear
}

/** CONTRACT §4's blocks of a report's figures (the sessions block without the issue-21 additions). */
export function contractFigures(f: YearFigures): RollupFigures {
  const { held, byKind, preMeetingByBody, laws, hours } = f.sessions
  return { sessions: { held, byKind, preMeetingByBody, laws, hours }, attendance: f.attendance, quizzes: f.quizzes, exams: f.exams }
}

/**
 * The 编号 found in several counties' rosters: each 编号 and 姓名 in more than one county is one person who moved (even
 * when a third county has the 编号 under another name), and each 编号 with several names is listed as a clash.
 */
export function sharedOfficials(counties: Pick<CountyInput, 'namespace' | 'roster'>[]): {
  moved: SharedOfficial[]
  sameIdOtherName: SharedOfficial[]
} {
  const byId = new Map<string, { namespace: string; name: string }[]>()
  for (const c of counties) {
    for (const o of c.roster) {
      const list = byId.get(o.id) ?? []
      list.push({ namespace: c.namespace, name: o.name })
      byId.set(o.id, list)
    }
  }
  const moved: SharedOfficial[] = []
  const sameIdOtherName: SharedOfficial[] = []
  for (const id of [...byId.keys()].sort(byCodePoint)) {
    const list = byId.get(id) ?? []
    if (list.length < 2) continue
    const byName = new Map<string, { namespace: string; name: string }[]>()
    for (const x of list) byName.set(x.name, [...(byName.get(x.name) ?? []), x])
    for (const same of byName.values()) if (same.length > 1) moved.push({ id, counties: same })
    if (byName.size > 1) sameIdOtherName.push({ id, counties: list })
  }
  return { moved, sameIdOtherName }
}

/**
 * A person's key across counties: the 编号; a 编号 that names different people (`clashing`) is told apart by the
 * 姓名 the county's roster has (one name in two counties is still one person), else by the county.
 */
export function personKey(
  clashing: ReadonlySet<string>,
  rosters: Pick<CountyInput, 'namespace' | 'roster'>[] = [],
): (namespace: string, id: string) => string {
  const names = new Map<string, string>()
  for (const c of rosters) for (const o of c.roster) if (clashing.has(o.id)) names.set(`${c.namespace}\u0000${o.id}`, o.name)
  return (namespace, id) => {
    if (!clashing.has(id)) return id
    const name = names.get(`${namespace}\u0000${id}`)
    return name === undefined ? `${namespace}\u0000${id}` : `${id}\u0000\u0000${name}`
  }
}

type Key = (namespace: string, id: string) => string

/** The total of one year over the counties (`years[i]` is the year of county `namespaces[i]`). */
export function foldTotal(years: { namespace: string; year: CountyYear }[], key: Key): RollupFigures {
  const byKind = emptyByKind()
  const bodies = new Map<string | null, number>()
  const laws = new Map<string, number>()
  const attended = new Set<string>()
  let held = 0
  let hours = 0
  let assigned = 0
  let completed = 0
  let scoreSum = 0
  let quizPassed = 0
  let makeups = 0
  const candidates = new Map<string, CandidateRow>()
  const annual = new Map<string, AnnualPersonRow>()
  const enforcement = { sittings: 0, personTimes: 0, passed: 0 }

  for (const { namespace, year } of years) {
    const f = year.figures
    held += f.sessions.held
    hours += f.sessions.hours
    for (const k of SESSION_KINDS) byKind[k] += f.sessions.byKind[k]
    for (const b of f.sessions.preMeetingByBody) bodies.set(b.body, (bodies.get(b.body) ?? 0) + b.count)
    for (const l of f.sessions.laws) laws.set(l.title, (laws.get(l.title) ?? 0) + l.sessions)
    for (const id of year.people.attended) attended.add(key(namespace, id))
    assigned += f.quizzes.assigned
    completed += f.quizzes.completed
    scoreSum += year.people.quizScoreSum
    quizPassed += year.people.quizPassed
    for (const c of year.people.candidates) {
      const k = key(namespace, c.officialId)
      const seen = candidates.get(k)
      makeups += c.makeups
      candidates.set(k, {
        officialId: k,
        sittings: (seen?.sittings ?? 0) + c.sittings,
        passed: (seen?.passed ?? false) || c.passed,
        makeups: 0,
        // an outcome in two counties (rare): the later county's in the list
        outcome: c.outcome ?? seen?.outcome ?? null,
      })
    }
    for (const a of year.people.annual) {
      const k = key(namespace, a.officialId)
      const seen = annual.get(k)
      const best = seen?.best == null ? a.best : a.best == null ? seen.best : Math.max(seen.best, a.best)
      annual.set(k, {
        ...a,
        officialId: k,
        sittings: (seen?.sittings ?? 0) + a.sittings,
        best,
        passed: (seen?.passed ?? false) || a.passed,
      })
    }
    const e = f.exams.enforcement_cert
    enforcement.sittings += e.sittings
    enforcement.personTimes += e.personTimes
    enforcement.passed += e.passed
  }

  const people = [...annual.values()]
  return {
    sessions: {
      held,
      byKind,
      // in the order foldSessions and the laws' query give: most first, then by name (code points)
      preMeetingByBody: preMeetingByBody(bodies),
      laws: [...laws]
        .map(([title, sessions]) => ({ title, sessions }))
        .sort((a, b) => b.sessions - a.sessions || byCodePoint(a.title, b.title)),
      hours: roundTo(hours, 2),
    },
    attendance: foldAttendance(
      years.map((y) => y.year.figures.attendance),
      attended.size,
    ),
    quizzes: {
      assigned,
      completed,
      completionRate: rate(completed, assigned),
      averageScore: average(scoreSum, completed),
      passRate: rate(quizPassed, completed),
    },
    exams: {
      appointment: { ...foldAppointment([...candidates.values()]), makeups },
      enforcement_cert: { ...enforcement, passRate: rate(enforcement.passed, enforcement.personTimes) },
      annual: foldAnnualExam({
        enrolled: people.length,
        tested: people.filter((p) => p.best != null).length,
        passed: people.filter((p) => p.passed).length,
        scoreSum: people.reduce((n, p) => n + (p.best ?? 0), 0),
      }),
    },
  }
}

/** Each county's own figures, in the counties' order. */
export function countyRows(counties: CountyInput[]): RollupCounty[] {
  return counties.map((c) => ({ namespace: c.namespace, unit: c.unit, ...contractFigures(c.current.figures) }))
}
