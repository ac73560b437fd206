/**
 * The columns of each import file (CONTRACT §2): English and Chinese spellings, which are required,
 * and matching a file's header row against them.
 */
import type { ImportKind, ImportProblem } from './import.types.js'

export interface ColumnSpec {
  key: string
  en: string
  zh: string
  required?: boolean
}

const col = (key: string, zh: string, required = false): ColumnSpec => ({ key, en: key, zh, required })

const OPTION_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'] as const

export const COLUMNS: Readonly<Record<ImportKind, readonly ColumnSpec[]>> = {
  units: [col('code', '单位代码', true), col('name', '单位名称', true), col('parent_code', '上级单位代码')],
  officials: [
    col('id', '编号', true),
    col('name', '姓名', true),
    col('unit_code', '单位代码', true),
    col('title', '职务'),
    col('is_leader', '是否领导班子成员'),
    col('is_principal', '是否主要负责人'),
    col('is_enforcement', '是否执法人员'),
    col('joined_at', '入职日期'),
    col('is_organizer', '是否组织者'),
  ],
  sessions: [
    col('id', '编号', true),
    col('kind', '类型', true),
    col('title', '主题', true),
    col('starts_at', '开始时间', true),
    col('unit_code', '组织单位', true),
    col('body', '会议名称'),
    col('meeting_no', '会议届次'),
    col('hours', '学时'),
    col('laws', '学习法律法规'),
    col('presenter', '主讲人'),
    col('status', '状态'),
    col('leaders_only', '仅领导干部'),
  ],
  attendance: [
    col('session_id', '活动编号', true),
    col('official_id', '人员编号', true),
    col('status', '出勤情况', true),
    col('note', '备注'),
  ],
  questions: [
    col('id', '题号', true),
    col('type', '题型', true),
    col('stem', '题干', true),
    ...OPTION_LETTERS.map((l) => col(`option_${l}`, `选项${l.toUpperCase()}`)),
    col('answer', '答案', true),
    col('explanation', '解析'),
    col('law', '法律法规', true),
    col('article', '条款'),
    col('tags', '标签'),
  ],
  'exam-results': [
    col('exam', '考试', true),
    col('official_id', '人员编号', true),
    col('taken_at', '考试时间', true),
    col('score', '成绩', true),
    col('passed', '是否通过'),
    col('attempt', '第几次'),
    col('proposed_post', '拟任职务'),
    col('outcome', '结果'),
  ],
  // how a group robot @-mentions a person (official_handles): their account on the robot's platform
  handles: [col('official_id', '人员编号', true), col('platform', '平台', true), col('user_id', '平台账号'), col('mobile', '手机号')],
  // the year's 学法清单 of a unit (reports/study-list.rules.ts); the file replaces the list of each unit and year it names
  'study-list': [
    col('unit_code', '单位代码', true),
    col('year', '年度', true),
    col('law', '法律法规', true),
    col('applies_to', '适用人员'),
    col('note', '备注'),
  ],
}

/** Where each known column sits in the file, and how the file spells it. */
export interface HeaderMap {
  index: ReadonlyMap<string, number>
  header: ReadonlyMap<string, string>
  /** header cells that name no column of this kind; they are ignored */
  ignored: string[]
}

/** Spaces, a required-marker asterisk and case do not matter: '* 姓名', 'Name', 'unit_code '. */
function canonical(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/[\s*＊_-]/g, '')
    .toLowerCase()
}

function aliasTable(kind: ImportKind): Map<string, ColumnSpec> {
  const table = new Map<string, ColumnSpec>()
  for (const spec of COLUMNS[kind]) {
    table.set(canonical(spec.en), spec)
    table.set(canonical(spec.zh), spec)
  }
  return table
}

export function matchHeader(kind: ImportKind, cells: readonly string[], line: number): HeaderMap | ImportProblem[] {
  const aliases = aliasTable(kind)
  const index = new Map<string, number>()
  const header = new Map<string, string>()
  const ignored: string[] = []
  const problems: ImportProblem[] = []
  cells.forEach((cell, i) => {
    const written = cell.trim()
    if (written === '') return
    const spec = aliases.get(canonical(written))
    if (!spec) {
      ignored.push(written)
      return
    }
    const earlier = header.get(spec.key)
    if (earlier !== undefined) {
      problems.push({ line, column: written, message: `与「${earlier}」是同一列，只能出现一次` })
      return
    }
    index.set(spec.key, i)
    header.set(spec.key, written)
  })
  for (const spec of COLUMNS[kind]) {
    if (spec.required && !index.has(spec.key)) {
      problems.push({ line, column: spec.zh, message: `缺少必填列「${spec.zh}」（或英文 ${spec.en}）` })
    }
  }
  return problems.length > 0 ? problems : { index, header, ignored }
}

/** The file's spelling of a column, or its Chinese name when the file does not have it. */
export function headerOf(map: HeaderMap, kind: ImportKind, key: string): string {
  return map.header.get(key) ?? COLUMNS[kind].find((c) => c.key === key)?.zh ?? key
}

/**
 * An empty file of `kind` to fill in: the Chinese header row of CONTRACT §2, UTF-8 with a BOM (so Excel and WPS
 * open it as UTF-8 and save it back the same way) and a CRLF line end.
 */
export function templateCsv(kind: ImportKind): string {
  return `\uFEFF${COLUMNS[kind].map((c) => c.zh).join(',')}\r\n`
}
