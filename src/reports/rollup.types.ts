/** The province roll-up (issue 19): CONTRACT §4's figures of each county (a namespace of one libSQL server) and their total. */
import type { AttendanceBlock, ExamsBlock, QuizzesBlock, ReportUnit, SessionsBlock } from './report.types.js'

/** CONTRACT §4's blocks of one year: sessions (without the issue-21 additions), attendance, quizzes, exams. */
export interface RollupFigures {
  sessions: Pick<SessionsBlock, 'held' | 'byKind' | 'preMeetingByBody' | 'laws' | 'hours'>
  attendance: AttendanceBlock
  quizzes: QuizzesBlock
  exams: ExamsBlock
}

export interface RollupCounty extends RollupFigures {
  /** the namespace of the county's database on the province's libSQL server */
  namespace: string
  /** the county's own report unit (its root unit) */
  unit: ReportUnit
}

/** An official 编号 found in more than one county's roster. */
export interface SharedOfficial {
  id: string
  /** each county whose roster has the 编号, with the name it has there, in the order of the counties */
  counties: { namespace: string; name: string }[]
}

export interface Rollup {
  year: number
  counties: RollupCounty[]
  /**
   * The counties summed: person-times, sessions, hours and sittings are the sum of the counties' figures; people
   * (attendance.people, the exams' candidates, tested, passed, enrolled …) are counted once each across counties (see
   * `moved`); every rate is recomputed from the totals, never averaged.
   */
  total: RollupFigures
  /** the total of the year before, or null when nothing was recorded in it */
  previousYear: RollupFigures | null
  /** year-on-year differences of the total's rates, as in CONTRACT §4 */
  changes: Record<string, number>
  /** the same 编号 and the same 姓名 in several counties' rosters: one person, counted once in the total */
  moved: SharedOfficial[]
  /** the same 编号 under different names: different people, each name counted once in the total (two counties with one of the names are also in `moved`) */
  sameIdOtherName: SharedOfficial[]
}
