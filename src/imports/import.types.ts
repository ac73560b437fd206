/** The kinds of file an import takes, and what it answers: the counts, or every problem with its line and column. */

export const IMPORT_KINDS = ['units', 'officials', 'sessions', 'attendance', 'questions', 'exam-results', 'handles', 'study-list'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export interface ImportProblem {
  line: number
  column: string
  message: string
}

/** An official an officials import marks as left. */
export interface Leaver {
  id: string
  name: string
  unitCode: string
  unitName: string
}

/** A unit whose file would mark more than half of its current people as left. */
export interface UnitToConfirm {
  unitCode: string
  unitName: string
  /** people of the unit on the roster before the import */
  current: number
  leaving: Leaver[]
}

export type ImportResult =
  | {
      ok: true
      kind: ImportKind
      rows: number
      inserted: number
      updated: number
      unchanged: number
      left?: number
      /** study-list: laws taken off (dry run: to be taken off) the lists of the units and years the file names */
      removed?: number
      /** who is (dry run: would be) marked as left, by unit then id */
      leavers?: Leaver[]
      /** dry run only: units whose import will need the confirmation (more than half of their people leaving) */
      leaversToConfirm?: UnitToConfirm[]
      dryRun: boolean
      /** header cells that name no column of this kind and were not read */
      ignoredColumns?: string[]
      /** rows taken that will not count (attendance marks for a date before the person joined) */
      warnings?: ImportProblem[]
    }
  | {
      ok: false
      kind: ImportKind
      /** the first 100 problems (limits.ts PROBLEMS_SHOWN), by line */
      problems: ImportProblem[]
      /** how many more there are, when there are more */
      problemsNotShown?: number
    }

export function isImportKind(s: string): s is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(s)
}

/** For logs and errors (the starter bank's, the demo's); the CLI tells a person in Chinese (src/cli/copy.zh.ts). */
export function formatProblem(p: ImportProblem): string {
  return `line ${p.line}, column ${p.column}: ${p.message}`
}
