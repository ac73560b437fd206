/** The 学法清单: its figures for a report's scope and year, and a unit's list written as a whole (API; the import plans its own). */
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { normalizeLawTitle } from '../laws.js'
import { findUnit } from '../roster/units.repo.js'
import { auditStatement, type Actor } from '../storage/audit.repo.js'
import type { Db, Executor } from '../storage/db.js'
import * as repo from './study-list.repo.js'
import { foldStudyList, personLawKey, unitLawKey, type AppliesTo, type StudyListBlock, type StudyListEvidence } from './study-list.rules.js'

export type { StudyListScope } from './study-list.repo.js'

export async function collectStudyList(
  ex: Executor,
  scope: repo.StudyListScope,
): Promise<{ block: StudyListBlock | null; evidence: StudyListEvidence[] }> {
  const entries = await repo.listStudyListEntries(ex, scope)
  if (entries.length === 0) return { block: null, evidence: [] }
  const [people, counting, studied] = await Promise.all([
    repo.listStudyListPeople(ex, scope),
    repo.listCountingSessions(ex, scope),
    repo.listStudiedBy(ex, scope),
  ])
  const sessions = new Map<string, string[]>()
  for (const c of counting) {
    const key = unitLawKey(c.unitCode, c.lawTitle)
    const ids = sessions.get(key)
    if (ids) ids.push(c.sessionId)
    else sessions.set(key, [c.sessionId])
  }
  const studiedBy = new Set(studied.map((s) => personLawKey(s.officialId, s.lawTitle)))
  return foldStudyList(entries, people, { sessions, studiedBy }, scope.to)
}

export interface ListLawInput {
  title: string
  appliesTo?: AppliesTo
  note?: string | null
}

/**
 * Replaces a unit's list for a year (an empty list removes it). Titles go through normalizeLawTitle; a law named
 * twice (in any spelling) is listed once, where it first appears.
 */
export async function replaceStudyList(
  deps: { db: Db; clock: Clock },
  input: { unitCode: string; year: number; laws: readonly ListLawInput[] },
  by: Actor,
): Promise<repo.StoredListLaw[]> {
  const laws = canonicalLaws(input.laws)
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    if (!(await findUnit(tx, input.unitCode))) throw new AppError('NOT_FOUND', `unit ${input.unitCode} does not exist`)
    await tx.batch([
      ...repo.replaceStudyListStatements(input.unitCode, input.year, laws, now),
      auditStatement(
        { ...by, action: 'study_list.replace', entity: 'unit', entityId: input.unitCode, detail: { year: input.year, laws: laws.length } },
        now,
      ),
    ])
    return laws
  })
}

function canonicalLaws(input: readonly ListLawInput[]): repo.StoredListLaw[] {
  const seen = new Map<string, repo.StoredListLaw>()
  for (const l of input) {
    const title = normalizeLawTitle(l.title)
    if (title === '') throw new AppError('INVALID_INPUT', `law title "${l.title}" is empty once normalized`)
    if (!seen.has(title)) seen.set(title, { title, appliesTo: l.appliesTo ?? 'all', note: l.note ?? null })
  }
  return [...seen.values()]
}
