/**
 * One raw row (cells by column key) → a typed record or its problems, per import kind.
 * Checks that need other rows or the database live in references.ts and the plan-* files.
 */
import { z } from 'zod'
import { MESSAGES, enumOf, flag, optionalText, parsed, requiredCode, requiredParsed, requiredText } from './row-fields.js'
import {
  ATTENDANCE_STATUS_WORDS,
  EXAM_KIND_WORDS,
  EXAM_OUTCOME_WORDS,
  PLATFORM_WORDS,
  parseMobile,
  SESSION_KIND_WORDS,
  SESSION_STATUS_WORDS,
  parseBoolean,
  type ExamKind,
  type ExamOutcome,
  parseInstant,
  parseLaws,
  parseLocalDay,
  parseNumber,
} from './values.js'
import { questionSchema, type QuestionRecord } from './rows-question.js'
import { studyListSchema, type StudyListRecord } from './rows-study-list.js'
import type { ImportKind } from './import.types.js'

export type RawRow = Record<string, string | undefined>
export interface FieldProblem {
  key: string
  message: string
}
export type RowOutcome<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] }

export interface RowOptions {
  tz: string
  /** score at or above which a sitting passes when the file does not say (default 60) */
  passScore: number
}

const hours = (s: string) => {
  const n = parseNumber(s)
  return n !== null && n >= 0 && n <= 1000 ? n : null
}
const score = (s: string) => {
  const n = parseNumber(s)
  return n !== null && n >= 0 && n <= 100 ? n : null
}
const attemptNo = (s: string) => (/^\d{1,2}$/.test(s) && Number(s) >= 1 ? Number(s) : null)

function schemas(opts: RowOptions) {
  const instant = (s: string) => parseInstant(s, opts.tz)
  return {
    units: z.object({
      code: requiredCode(),
      name: requiredText(100),
      parentCode: parsed((s) => (/^[^\s/\\]+$/.test(s) ? s : null), MESSAGES.code),
    }),
    officials: z.object({
      id: requiredCode(),
      name: requiredText(50),
      unitCode: requiredCode(),
      title: optionalText(100),
      isLeader: flag(),
      isPrincipal: flag(),
      isEnforcement: flag(),
      joinedAt: parsed((s) => parseLocalDay(s, opts.tz), MESSAGES.date),
      isOrganizer: flag(),
    }),
    sessions: z.object({
      id: requiredCode(),
      kind: enumOf(
        SESSION_KIND_WORDS,
        ['会前学法', '法治专题讲座', '法治专题学习', '旁听庭审', '全员法治培训', '执法人员培训', '任职培训', '其他'],
        true,
      ),
      title: requiredText(200),
      startsAt: requiredParsed(instant, MESSAGES.time),
      unitCode: requiredCode(),
      body: optionalText(100),
      meetingNo: optionalText(50),
      hours: parsed(hours, '学时应为 0 到 1000 之间的数字'),
      laws: z
        .string()
        .optional()
        .transform((v) => (v === undefined ? undefined : parseLaws(v))),
      presenter: optionalText(50),
      status: enumOf(SESSION_STATUS_WORDS, ['计划', '已举办', '已取消']),
      /** the organizing unit's leaders only (会前学法 at a 常务会议): who is expected, and absent when unmarked */
      leadersOnly: flag(),
    }),
    attendance: z.object({
      sessionId: requiredCode(),
      officialId: requiredCode(),
      status: enumOf(ATTENDANCE_STATUS_WORDS, ['出席', '迟到', '请假', '缺席', '补学'], true),
      note: optionalText(200),
    }),
    questions: questionSchema(),
    'exam-results': z.object({
      exam: enumOf(EXAM_KIND_WORDS, ['任前考试', '执法资格考试', '年度学法考试'], true),
      officialId: requiredCode(),
      takenAt: requiredParsed(instant, MESSAGES.time),
      score: requiredParsed(score, '成绩应为 0 到 100 之间的数字'),
      passed: parsed(parseBoolean, MESSAGES.boolean),
      attempt: parsed(attemptNo, '第几次应为 1 到 99 的整数'),
      proposedPost: optionalText(100),
      outcome: enumOf(EXAM_OUTCOME_WORDS, ['通过', '暂缓任用', '撤回提名']),
    }),
    handles: z.object({
      officialId: requiredCode(),
      platform: enumOf(PLATFORM_WORDS, ['企业微信', '钉钉', '飞书', '企业微信应用', '钉钉应用'], true),
      userId: optionalText(100),
      // the message never repeats the number: phone numbers stay out of logs and answers
      mobile: parsed(parseMobile, '手机号应为 6 到 20 位数字（可带 +）'),
    }),
    'study-list': studyListSchema(),
  }
}

type Schemas = ReturnType<typeof schemas>
export type UnitRecord = z.output<Schemas['units']>
export type OfficialRecord = z.output<Schemas['officials']>
export type SessionRecord = z.output<Schemas['sessions']>
export type AttendanceRecord = z.output<Schemas['attendance']>
export type HandleRecord = z.output<Schemas['handles']>
export type { QuestionRecord }
export interface ExamResultRecord {
  examKind: ExamKind
  officialId: string
  takenAt: string
  score: number
  passed: boolean
  attempt: number
  proposedPost: string | null
  outcome: ExamOutcome | null
}

export interface RecordOf {
  units: UnitRecord
  officials: OfficialRecord
  sessions: SessionRecord
  attendance: AttendanceRecord
  questions: QuestionRecord
  'exam-results': ExamResultRecord
  handles: HandleRecord
  'study-list': StudyListRecord
}

/** Column keys of the file (snake_case, CONTRACT §2) → field names of the records. */
const FIELD_OF: Record<string, string> = {
  parent_code: 'parentCode',
  unit_code: 'unitCode',
  is_leader: 'isLeader',
  is_principal: 'isPrincipal',
  is_enforcement: 'isEnforcement',
  joined_at: 'joinedAt',
  is_organizer: 'isOrganizer',
  starts_at: 'startsAt',
  meeting_no: 'meetingNo',
  leaders_only: 'leadersOnly',
  session_id: 'sessionId',
  official_id: 'officialId',
  taken_at: 'takenAt',
  proposed_post: 'proposedPost',
  user_id: 'userId',
  applies_to: 'appliesTo',
}
const KEY_OF = Object.fromEntries(Object.entries(FIELD_OF).map(([k, f]) => [f, k]))

export const fieldOf = (key: string): string => FIELD_OF[key] ?? key
export const keyOf = (field: string): string => KEY_OF[field] ?? field

/** Builds the parser of one kind once per import; it is then called for every row. */
export function createRowParser<K extends ImportKind>(kind: K, opts: RowOptions): (raw: RawRow) => RowOutcome<RecordOf[K]> {
  const parse = createFieldParser(kind, opts)
  return (raw) => {
    const input: FieldRow = {}
    for (const key in raw) input[fieldOf(key)] = raw[key]
    return parse(input)
  }
}

/** Cells under their field names (`fieldOf`), as the import hands them over. */
export type FieldRow = Record<string, string | undefined>

/**
 * The parser for rows already keyed by field. The schema is compiled (z.compile): good rows run through
 * generated code, about twice as fast as zod's interpreter and with half its garbage; a row with a problem
 * falls back to the interpreter, which reports its issues exactly as before.
 */
export function createFieldParser<K extends ImportKind>(kind: K, opts: RowOptions): (input: FieldRow) => RowOutcome<RecordOf[K]> {
  const schema = compiledSchema(kind, opts)
  return (input) => {
    const result = schema.safeParse(input)
    if (!result.success) {
      return {
        ok: false,
        problems: result.error.issues.map((i) => ({ key: keyOf(String(i.path[0] ?? '')), message: i.message })),
      }
    }
    return kind === 'exam-results'
      ? (examResult(result.data as z.output<Schemas['exam-results']>, opts) as RowOutcome<RecordOf[K]>)
      : { ok: true, value: result.data as RecordOf[K] }
  }
}

/** The interpreted (uncompiled) schema of a kind: the reference the compiled parser is tested against. */
export function rowSchema(kind: ImportKind, opts: RowOptions): z.ZodType {
  return schemas(opts)[kind] as z.ZodType
}

/** Compiling costs milliseconds and a cold start of the generated code, so each kind is kept per time zone, the one thing its schema depends on. */
const compiled = new Map<string, z.ZodType>()
function compiledSchema(kind: ImportKind, opts: RowOptions): z.ZodType {
  const key = `${kind}|${opts.tz}`
  let schema = compiled.get(key)
  if (!schema) {
    if (compiled.size >= 60) compiled.clear()
    schema = z.compile(rowSchema(kind, opts))
    compiled.set(key, schema)
  }
  return schema
}

function examResult(r: z.output<Schemas['exam-results']>, opts: RowOptions): RowOutcome<ExamResultRecord> {
  if (r.outcome && r.exam !== 'appointment') {
    return { ok: false, problems: [{ key: 'outcome', message: '只有任前考试才填写结果（通过/暂缓任用/撤回提名）' }] }
  }
  return {
    ok: true,
    value: {
      examKind: r.exam,
      officialId: r.officialId,
      takenAt: r.takenAt,
      score: r.score,
      passed: r.passed ?? r.score >= opts.passScore,
      attempt: r.attempt ?? 1,
      proposedPost: r.proposedPost ?? null,
      outcome: r.outcome ?? null,
    },
  }
}
