/** The 学法清单 as tables of text, one per unit with a list: each law, studied or not, and people reached / expected. */
import { STUDY_LIST } from './copy.zh.js'
import { fmtRate, type TextTable } from './report-tables.js'
import type { StudyListBlock } from './study-list.rules.js'

export function studyListTables(block: StudyListBlock | null): TextTable[] {
  if (!block) return []
  return block.units.map((u) => ({
    title: STUDY_LIST.unitCaption(u.name, u.studied, u.listed, fmtRate(u.completionRate)),
    header: STUDY_LIST.header,
    rows: u.laws.map((l) => [
      `《${l.title}》`,
      STUDY_LIST.appliesTo[l.appliesTo] ?? l.appliesTo,
      l.studied ? STUDY_LIST.studied : STUDY_LIST.notStudied,
      String(l.sessions),
      `${l.reached} / ${l.expected}`,
    ]),
  }))
}

/** The same tables in the Word document and the Markdown, after the figures; each title says it is the 清单's. */
export function studyListDocumentTables(block: StudyListBlock | null): TextTable[] {
  return studyListTables(block).map((t) => ({ ...t, title: `${STUDY_LIST.title}·${t.title}` }))
}
