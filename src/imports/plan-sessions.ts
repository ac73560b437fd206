/**
 * Sessions: upsert by id with their laws. An empty or absent status keeps what the session has; a new
 * session without one is 'held' when it started before the import and 'planned' otherwise, so a year of
 * past sessions imports as held and next month's as planned.
 */
import type { InValue, Row } from '@libsql/client'
import type { Executor } from '../storage/db.js'
import {
  emptyCounts,
  findDuplicates,
  keep,
  keyedWrites,
  sameValues,
  selectIn,
  text,
  upsertWrites,
  type Item,
  type Plan,
  type PlanContext,
  type Write,
} from './apply.js'
import type { SessionRecord } from './rows.js'

const SESSION_UPSERT = {
  table: 'sessions',
  columns: [
    'id',
    'kind',
    'title',
    'starts_at',
    'unit_code',
    'body',
    'meeting_no',
    'hours',
    'presenter',
    'status',
    'source',
    'created_by',
    'created_at',
    'updated_at',
  ],
  conflict: ['id'],
  update: ['kind', 'title', 'starts_at', 'unit_code', 'body', 'meeting_no', 'hours', 'presenter', 'status', 'updated_at'],
} as const

const LAW_INSERT = {
  table: 'session_laws',
  columns: ['session_id', 'law_title', 'position'],
  conflict: ['session_id', 'law_title'],
  update: ['position'],
} as const

export async function planSessions(ex: Executor, items: Item<SessionRecord>[], ctx: PlanContext): Promise<Plan> {
  const { unique, problems } = findDuplicates(
    items,
    (r) => r.id,
    (item, first) => ({
      line: item.line,
      column: ctx.header('id'),
      message: `编号「${item.record.id}」与第 ${first} 行重复`,
    }),
  )
  if (problems.length > 0) return { problems, counts: emptyCounts(), writes: [] }

  const ids = [...unique.keys()]
  const existing = new Map<string, Row>()
  const cols = 'id, kind, title, starts_at, unit_code, body, meeting_no, hours, presenter, status'
  for (const r of await selectIn(ex, (p) => `SELECT ${cols} FROM sessions WHERE id IN (${p})`, ids)) existing.set(String(r.id), r)
  const lawsBefore = new Map<string, string[]>()
  const lawRows = await selectIn(
    ex,
    (p) => `SELECT session_id, law_title FROM session_laws WHERE session_id IN (${p}) ORDER BY session_id, position`,
    ids,
  )
  for (const r of lawRows) {
    const id = String(r.session_id)
    lawsBefore.set(id, [...(lawsBefore.get(id) ?? []), String(r.law_title)])
  }

  const counts = emptyCounts()
  const rows: InValue[][] = []
  const lawsChanged: string[] = []
  const lawValues: InValue[][] = []
  for (const [id, { record }] of unique) {
    const before = existing.get(id)
    const startedBefore = record.startsAt < ctx.now
    const after = [
      record.kind,
      record.title,
      record.startsAt,
      record.unitCode,
      keep(record.body, before ? text(before.body) : undefined, null),
      keep(record.meetingNo, before ? text(before.meeting_no) : undefined, null),
      keep(record.hours, before ? (before.hours as number | null) : undefined, null),
      keep(record.presenter, before ? text(before.presenter) : undefined, null),
      record.status ?? (before ? String(before.status) : startedBefore ? 'held' : 'planned'),
    ]
    const oldLaws = lawsBefore.get(id) ?? []
    const laws = record.laws ?? oldLaws
    const sameLaws = laws.join('\n') === oldLaws.join('\n')
    if (!before) counts.inserted++
    else if (
      sameLaws &&
      sameValues(after, [
        before.kind,
        before.title,
        before.starts_at,
        before.unit_code,
        before.body,
        before.meeting_no,
        before.hours,
        before.presenter,
        before.status,
      ])
    ) {
      counts.unchanged++
      continue
    } else counts.updated++
    rows.push([id, ...after, 'import', ctx.actor, ctx.now, ctx.now] as InValue[])
    if (!sameLaws) {
      if (before) lawsChanged.push(id)
      laws.forEach((title, i) => lawValues.push([id, title, i + 1]))
    }
  }
  const writes: Write[] = [
    ...upsertWrites(SESSION_UPSERT, rows),
    ...keyedWrites((p) => `DELETE FROM session_laws WHERE session_id IN (${p})`, [], lawsChanged, 0),
    ...upsertWrites(LAW_INSERT, lawValues).map((w) => ({ ...w, rows: 0 })),
  ]
  return { problems, counts, writes }
}
