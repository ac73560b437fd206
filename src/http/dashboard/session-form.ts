import { formatLocal, parseDateTime } from '../../calendar.js'
import { normalizeLaws } from '../../laws.js'
import { SESSION_KINDS, splitList, type SessionKind } from '../../sessions/session.rules.js'
import type { Session } from '../../sessions/sessions.repo.js'
import type { SessionInput } from '../../sessions/sessions.service.js'
import { normalizeText } from '../../text.js'
import { invisibleProblem } from './plain-text.js'
import { FORM } from './views/copy.zh.js'
import type { SessionFormValues } from './views/session-form.js'

type Body = Record<string, string | File | (string | File)[]>

const text = (b: Body, key: string): string => {
  const v = b[key]
  const one = Array.isArray(v) ? v[0] : v
  return typeof one === 'string' ? one.trim() : ''
}
const texts = (b: Body, key: string): string[] => {
  const v = b[key]
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string')
}

export function formValuesOf(b: Body): SessionFormValues {
  return {
    kind: text(b, 'kind'),
    title: text(b, 'title'),
    startsAt: text(b, 'startsAt'),
    unitCode: text(b, 'unitCode'),
    body: text(b, 'body'),
    meetingNo: text(b, 'meetingNo'),
    hours: text(b, 'hours'),
    presenter: text(b, 'presenter'),
    bankLaws: texts(b, 'bankLaws'),
    laws: text(b, 'laws'),
    status: text(b, 'status') || 'planned',
    audienceUnits: texts(b, 'audienceUnits'),
    leadersOnly: text(b, 'leadersOnly') === '1',
    quizCount: text(b, 'quizCount'),
    passScore: text(b, 'passScore'),
    pastConfirmed: text(b, 'pastConfirmed') === '1',
  }
}

export function emptyFormValues(unitCode: string, startsAt: string): SessionFormValues {
  return {
    kind: 'pre_meeting',
    title: '',
    startsAt,
    unitCode,
    body: '',
    meetingNo: '',
    hours: '',
    presenter: '',
    bankLaws: [],
    laws: '',
    status: 'planned',
    audienceUnits: [],
    leadersOnly: false,
    quizCount: '0',
    passScore: '60',
    pastConfirmed: false,
  }
}

/** The session's laws split: those the bank has questions of are ticked, the others typed. */
export function formValuesOfSession(s: Session, tz: string, bankLaws: readonly string[]): SessionFormValues {
  const inBank = new Set(bankLaws)
  return {
    kind: s.kind,
    title: s.title,
    startsAt: formatLocal(new Date(s.startsAt), tz).replace(' ', 'T'),
    unitCode: s.unitCode,
    body: s.body ?? '',
    meetingNo: s.meetingNo ?? '',
    hours: s.hours === null ? '' : String(s.hours),
    presenter: s.presenter ?? '',
    bankLaws: s.laws.filter((l) => inBank.has(l)),
    laws: s.laws.filter((l) => !inBank.has(l)).join('\n'),
    status: s.status,
    audienceUnits: s.audience?.unitCodes ?? [],
    leadersOnly: s.audience?.leadersOnly ?? false,
    quizCount: '0',
    passScore: '60',
    pastConfirmed: false,
  }
}

/** The quiz of a session as the form collects it: a draw from the bank. */
export interface SessionQuizSpec {
  draw: { count: number; laws?: string[] }
  passScore: number
}

const PLAIN_FIELDS = ['title', 'unitCode', 'body', 'meetingNo', 'presenter'] as const

export type ParsedSessionForm =
  | { ok: true; input: SessionInput & { status: 'planned' | 'held' }; quiz: SessionQuizSpec | null }
  | { ok: false; errors: string[] }

/** Checks the form; the unit checks against the viewer's scope are the caller's. Pure. */
export function parseSessionForm(v: SessionFormValues, tz: string, officialIds: string[] = []): ParsedSessionForm {
  const errors: string[] = []
  const startsAt = parseDateTime(v.startsAt.replace('T', ' '), tz)
  if (!startsAt) errors.push(FORM.badTime)
  if (v.title === '') errors.push(FORM.badTitle)
  // ids, names and titles by the one rule of src/text.ts: a control or invisible character is refused, the rest normalised
  for (const key of PLAIN_FIELDS) {
    const problem = invisibleProblem(FORM.fieldNames[key], v[key])
    if (problem) errors.push(problem)
  }
  // each law as written, named by itself (「行政复议法」的第 3 个字…): its title would otherwise be a second, look-alike law
  const lawsWritten = [...v.bankLaws, ...v.laws.split(/\r?\n/).flatMap(splitList)]
  for (const law of lawsWritten) {
    const problem = invisibleProblem(law.trim(), law.trim())
    if (problem) errors.push(problem)
  }
  const hours = v.hours === '' ? null : Number(v.hours)
  if (hours !== null && !(Number.isFinite(hours) && hours >= 0)) errors.push(FORM.badHours)
  const count = v.quizCount === '' ? 0 : Number(v.quizCount)
  if (!Number.isInteger(count) || count < 0 || count > 100) errors.push(FORM.badCount)
  const passScore = v.passScore === '' ? 60 : Number(v.passScore)
  if (!Number.isFinite(passScore) || passScore < 0 || passScore > 100) errors.push(FORM.badPass)
  const kind = (SESSION_KINDS as readonly string[]).includes(v.kind) ? (v.kind as SessionKind) : 'other'
  if (errors.length || !startsAt) return { ok: false, errors }
  // one law, one title: ticked or typed, short or full, it is kept once (laws.ts)
  const laws = normalizeLaws(lawsWritten)
  const audience =
    v.audienceUnits.length || v.leadersOnly || officialIds.length
      ? {
          ...(v.audienceUnits.length ? { unitCodes: v.audienceUnits } : {}),
          ...(officialIds.length ? { officialIds } : {}),
          ...(v.leadersOnly ? { leadersOnly: true } : {}),
        }
      : null
  return {
    ok: true,
    input: {
      kind,
      title: normalizeText(v.title).slice(0, 200),
      startsAt,
      unitCode: normalizeText(v.unitCode),
      body: normalizeText(v.body) || null,
      meetingNo: normalizeText(v.meetingNo) || null,
      hours,
      presenter: normalizeText(v.presenter) || null,
      laws,
      status: v.status === 'held' ? 'held' : 'planned',
      audience,
      source: 'ui',
    },
    quiz: count > 0 ? { draw: { count, ...(laws.length ? { laws } : {}) }, passScore } : null,
  }
}
