/**
 * Who is expected at a session (src/sessions/audience.repo.ts): the rule as a table of cases, and every
 * form of it — whom a session expects (fan-out, closing, the attendance sheet) and which sessions expect a
 * person (chat, the quiz offered) — giving the same answer over random rosters and audiences.
 */
import fc from 'fast-check'
import type { InArgs, InStatement } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import {
  isExpected,
  LATEST,
  listAudience,
  listOpenQuizIdsFor,
  listSessionsExpecting,
  pageAudienceSheet,
} from '../../src/sessions/audience.repo.js'
import type { Executor } from '../../src/storage/db.js'
import type { Audience, Session } from '../../src/sessions/sessions.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits, type SeedOfficial } from '../helpers/seed.js'

const START = '2024-03-05T01:00:00.000Z'
let t: TestDb
let n = 0

beforeAll(async () => {
  t = await createTestDb(new ManualClock('2024-03-01T00:00:00Z'))
  await seedUnits(t.db, [
    ['PL', '县政府'],
    ['SFJ', '司法局', 'PL'],
    ['SFJ1', '司法所', 'SFJ'],
    ['JYJ', '教育局', 'PL'],
  ])
})
afterAll(() => t.cleanup())

/** An audience as a case writes it: the officials it names are indexes into the case's own roster. */
type CaseAudience = Omit<Audience, 'officialIds'> & { officialIds?: number[] }

/** A session of `unit` with `named`, and its roster: each case gets its own officials. */
async function setUp(unit: string, named: CaseAudience | null, officials: Omit<SeedOfficial, 'id'>[], marked: number[] = []) {
  const sid = `S${++n}`
  const people = officials.map((o, i) => ({ ...o, id: `${sid}-${i}` }))
  const { officialIds, ...rest } = named ?? {}
  const audience: Audience | null = named && (officialIds ? { ...rest, officialIds: officialIds.map((i) => people[i]!.id) } : rest)
  await seedOfficials(t.db, people)
  await t.db.batch([
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, status, audience_json, source, created_at, updated_at)
            VALUES (?, 'lecture', 't', ?, ?, 'planned', ?, 'api', ?, ?)`,
      args: [sid, START, unit, audience ? JSON.stringify(audience) : null, START, START],
    },
    {
      sql: `INSERT INTO quizzes (session_id, spec_json, deadline_at, created_at) VALUES (?, '{}', '2024-03-06T01:00:00.000Z', ?)`,
      args: [sid, START],
    },
    ...marked.map((i) => ({
      sql: `INSERT INTO attendance (session_id, official_id, status, source, marked_at) VALUES (?, ?, 'present', 'ui', ?)`,
      args: [sid, people[i]!.id, START],
    })),
  ])
  const session: Pick<Session, 'id' | 'startsAt' | 'unitCode' | 'audience'> = { id: sid, startsAt: START, unitCode: unit, audience }
  const quizId = Number((await t.db.execute({ sql: 'SELECT id FROM quizzes WHERE session_id = ?', args: [sid] })).rows[0]!.id)
  return { sid, session, quizId, ids: people.map((p) => p.id) }
}

/** Whom the session expects among `ids`, asked in every form; fails unless all agree. */
async function expectedAmong(s: Awaited<ReturnType<typeof setUp>>): Promise<string[]> {
  const mine = new Set(s.ids)
  const fanOut = (await listAudience(t.db, s.session)).map((m) => m.id).filter((id) => mine.has(id))
  const sheet = (await pageAudienceSheet(t.db, s.session, '/', { limit: 10_000, offset: 0 })).people
    .map((p) => p.officialId)
    .filter((id) => mine.has(id))
  const one: string[] = []
  const window: string[] = []
  const quizzed: string[] = []
  for (const id of s.ids) {
    if (await isExpected(t.db, s.sid, id)) one.push(id)
    const within = await listSessionsExpecting(t.db, id, { from: '2024-03-05T00:00:00.000Z', to: '2024-03-06T00:00:00.000Z' })
    if (within.includes(s.sid)) window.push(id)
    if ((await listOpenQuizIdsFor(t.db, id, '2024-03-05T00:00:00.000Z')).includes(s.quizId)) quizzed.push(id)
  }
  expect(sheet.sort(), 'attendance sheet').toEqual([...fanOut].sort())
  expect(one.sort(), 'one person').toEqual([...fanOut].sort())
  expect(window.sort(), 'sessions in a window').toEqual([...fanOut].sort())
  expect(quizzed.sort(), 'the quiz offered').toEqual([...fanOut].sort())
  return fanOut.map((id) => id.split('-')[1]!).sort()
}

describe('who is expected at a session', () => {
  it.each<[string, string, CaseAudience | null, Omit<SeedOfficial, 'id'>[], number[], string[]]>([
    [
      'the organizing unit and below by default',
      'SFJ',
      null,
      [{ unitCode: 'SFJ' }, { unitCode: 'SFJ1' }, { unitCode: 'JYJ' }, { unitCode: 'PL' }],
      [],
      ['0', '1'],
    ],
    ['empty lists mean the default', 'SFJ', { unitCodes: [], officialIds: [] }, [{ unitCode: 'SFJ' }, { unitCode: 'JYJ' }], [], ['0']],
    [
      'on the roster at the start only',
      'SFJ',
      null,
      [
        { unitCode: 'SFJ', joinedAt: '2024-03-06' },
        { unitCode: 'SFJ', joinedAt: '2024-03-01' },
        { unitCode: 'SFJ', leftAt: '2024-03-01' },
        { unitCode: 'SFJ', leftAt: '2024-03-10' },
      ],
      [],
      ['1', '3'],
    ],
    ['audience units replace the organizing unit', 'PL', { unitCodes: ['JYJ'] }, [{ unitCode: 'SFJ' }, { unitCode: 'JYJ' }], [], ['1']],
    ['named officials only', 'PL', { officialIds: [1] }, [{ unitCode: 'SFJ' }, { unitCode: 'JYJ' }], [], ['1']],
    [
      'units and named officials',
      'PL',
      { unitCodes: ['SFJ1'], officialIds: [1] },
      [{ unitCode: 'SFJ1' }, { unitCode: 'JYJ' }, { unitCode: 'SFJ' }],
      [],
      ['0', '1'],
    ],
    ['leaders only, in the units', 'SFJ', { leadersOnly: true }, [{ unitCode: 'SFJ' }, { unitCode: 'SFJ', isLeader: true }], [], ['1']],
    [
      'leaders only does not drop a named official',
      'PL',
      { unitCodes: ['SFJ'], officialIds: [0], leadersOnly: true },
      [{ unitCode: 'JYJ' }, { unitCode: 'SFJ' }],
      [],
      ['0'],
    ],
    [
      'a mark adds a person (organizers add people by hand)',
      'SFJ',
      null,
      [{ unitCode: 'JYJ' }, { unitCode: 'SFJ', leftAt: '2024-03-01' }],
      [0, 1],
      ['0', '1'],
    ],
    ['but not one who joined after the start', 'SFJ', null, [{ unitCode: 'SFJ', joinedAt: '2024-03-06' }], [0], []],
  ])('%s', async (_name, unit, audience, officials, marked, expected) => {
    expect(await expectedAmong(await setUp(unit, audience, officials, marked))).toEqual(expected)
  })

  it('is the same in every form over random rosters and audiences (seeded)', async () => {
    const unit = fc.constantFrom('PL', 'SFJ', 'SFJ1', 'JYJ')
    const person = fc.record({
      unitCode: unit,
      isLeader: fc.boolean(),
      joinedAt: fc.constantFrom(null, '2024-03-01', '2024-03-06'),
      leftAt: fc.constantFrom(null, '2024-03-01', '2024-03-10'),
    })
    await fc.assert(
      fc.asyncProperty(
        unit,
        fc.array(person, { minLength: 1, maxLength: 6 }),
        fc.option(
          fc.record({
            unitCodes: fc.option(fc.subarray(['PL', 'SFJ', 'SFJ1', 'JYJ']), { nil: undefined }),
            leadersOnly: fc.option(fc.boolean(), { nil: undefined }),
          }),
          { nil: null },
        ),
        fc.array(fc.nat(5), { maxLength: 3 }),
        fc.array(fc.nat(5), { maxLength: 2 }),
        async (organizer, people, audience, named, marked) => {
          const withNames = audience && named.length ? { ...audience, officialIds: named.filter((i) => i < people.length) } : audience
          const cleaned = withNames && (JSON.parse(JSON.stringify(withNames)) as CaseAudience)
          await expectedAmong(await setUp(organizer, cleaned, people, [...new Set(marked.filter((i) => i < people.length))]))
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('the sessions that expect a person', () => {
  it('are found through the start-time index, not by scanning every session (the 签到 lookup)', async () => {
    const sent: InStatement[] = []
    const recording: Executor = {
      execute: (stmt) => {
        sent.push(stmt)
        return t.db.execute(stmt)
      },
    }
    const window = { from: '2024-03-04T00:00:00.000Z', to: '2024-03-06T00:00:00.000Z' }
    await listSessionsExpecting(recording, 'S1-0', window)
    await listSessionsExpecting(recording, 'S1-0', { from: window.from, to: LATEST, plannedOnly: true, limit: 1 })
    expect(sent).toHaveLength(2) // one query per lookup, each checked below
    for (const stmt of sent as { sql: string; args: InArgs }[]) {
      const plan = (await t.db.execute({ sql: `EXPLAIN QUERY PLAN ${stmt.sql}`, args: stmt.args })).rows.map((r) => String(r.detail))
      expect(plan, plan.join('\n')).toContainEqual(
        expect.stringMatching(/^SEARCH s USING INDEX sessions_(status_)?starts \(.*starts_at>\? AND starts_at<\?\)/),
      )
      expect(plan.filter((d) => /^SCAN s\b/.test(d))).toEqual([])
    }
  })
})
