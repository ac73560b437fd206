/** The 台账's 学法清单 sheet: one row per listed law, with the sessions that count and the people not yet reached. */
import type { Executor } from '../storage/db.js'
import { NO, STUDY_LIST, YES } from './copy.zh.js'
import { collectStudyList, type StudyListScope } from './study-list.service.js'
import { unitLawKey } from './study-list.rules.js'

export async function studyListRows(ex: Executor, scope: StudyListScope): Promise<(string | number | null)[][]> {
  const { block, evidence } = await collectStudyList(ex, scope)
  if (!block) return []
  const rows: (string | number | null)[][] = []
  const byLaw = new Map(evidence.map((e) => [unitLawKey(e.unitCode, e.lawTitle), e]))
  for (const unit of block.units) {
    for (const law of unit.laws) {
      const e = byLaw.get(unitLawKey(unit.code, law.title))
      rows.push([
        unit.code,
        unit.name,
        law.title,
        STUDY_LIST.appliesTo[law.appliesTo] ?? law.appliesTo,
        law.studied ? YES : NO,
        e?.sessionIds.join('；') || null,
        law.expected,
        law.reached,
        e?.notReached.map((p) => `${p.name}（${p.id}）`).join('；') || null,
      ])
    }
  }
  return rows
}
