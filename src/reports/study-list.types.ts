/** The 学法清单's figures as the report's JSON carries them (`studyList`); the rules are in study-list.rules.ts. */

export const APPLIES_TO = ['all', 'leaders', 'principals', 'enforcement'] as const
export type AppliesTo = (typeof APPLIES_TO)[number]

export interface StudyListLaw {
  title: string
  appliesTo: AppliesTo
  studied: boolean
  /** held sessions that count, in the year */
  sessions: number
  expected: number
  reached: number
}

export interface StudyListUnit {
  code: string
  name: string
  listed: number
  studied: number
  completionRate: number | null
  expected: number
  reached: number
  reachRate: number | null
  laws: StudyListLaw[]
}

/** The report's `studyList` (null when no unit in the report's scope has a list for the year). */
export interface StudyListBlock {
  listed: number
  studied: number
  completionRate: number | null
  expected: number
  reached: number
  reachRate: number | null
  units: StudyListUnit[]
}
