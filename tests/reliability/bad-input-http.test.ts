/**
 * Report parameters and webhook bodies from anyone: a report or a clear 4xx, never a 5xx; a refused feed writes
 * nothing (not even its event id, so the sender can correct it and send again).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAnnualReport } from '../../src/reports/report.service.js'
import { createApiHarness, seedSession, signedHeaders, type ApiHarness } from '../helpers/api.js'
import { rowCounts } from './helpers/row-counts.js'

const FULL = process.env.XUEFA_RELIABILITY_FULL === '1'
let h: ApiHarness
let token: string
beforeAll(async () => {
  h = await createApiHarness({ http: { authFailuresPerMinute: 1_000_000 } })
  token = (await h.token('admin')).token
  await seedSession(h.db, 'S-A', 'PL-A', { status: 'held' })
  await h.db.execute(
    "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES ('S-A', 'A001', 'present', '2024-03-10T01:00:00.000Z')",
  )
})
afterAll(() => h.cleanup())

const year = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }).map(String),
  fc.constantFrom('2024', '2023', '', 'abc', '2024.5', '1e3', '0x7e8', ' 2024', '２０２４', '99999999999999999999'),
  fc.string({ maxLength: 8 }),
)
const unit = fc.oneof(
  fc.constantFrom('PL', 'PL-A', 'PL-A1', 'PL-B', 'NOPE', '', '%', "PL' OR 1=1 --", '/PL/'),
  fc.string({ maxLength: 12 }),
)
const format = fc.constantFrom(undefined, 'json', 'md', 'docx', 'pdf', '')

describe('report parameters', () => {
  it('answers a report or a 4xx with an error code, never a 5xx', async () => {
    const statuses = new Set<number>()
    await fc.assert(
      fc.asyncProperty(year, unit, format, async (y, u, f) => {
        const q = new URLSearchParams({ year: y, unit: u, ...(f === undefined ? {} : { format: f }) })
        const res = await h.request(`/api/v1/reports/annual?${q}`, { token })
        expect(res.status).toBeLessThan(500)
        statuses.add(res.status)
        if (res.status !== 200) expect(((await res.json()) as { code: string }).code).toMatch(/^[A-Z_]+$/)
      }),
      {
        numRuns: FULL ? 600 : 60,
        examples: [
          ['2024', 'PL-A', 'json'],
          ['abc', 'PL', undefined],
        ],
      },
    )
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400]))
  })

  it('builds, for any year and unit, rates that are fractions or null', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1900, max: 2200 }), fc.constantFrom(undefined, 'PL', 'PL-A', 'PL-B'), async (y, u) => {
        const r = await buildAnnualReport(h.db, { year: y, unitCode: u, tz: 'Asia/Shanghai' })
        for (const rate of [r.attendance.rate, r.quizzes.completionRate, r.quizzes.passRate, r.exams.appointment.passRate]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true)
        }
        expect(r.narrative.every((p) => typeof p === 'string' && !p.includes('undefined') && !p.includes('NaN'))).toBe(true)
      }),
      { numRuns: FULL ? 300 : 30 },
    )
  })
})

const meeting = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 110 }), fc.constantFrom('OA-1', 'OA-2', '')),
    body: fc.oneof(fc.string({ maxLength: 110 }), fc.constant('县政府常务会议')),
    meetingNo: fc.oneof(fc.string({ maxLength: 60 }), fc.constant('第1次')),
    startsAt: fc.oneof(
      fc.constantFrom('2024-03-20T09:00:00+08:00', '2024-03-20 09:00', '2024-02-30 09:00', 'soon', ''),
      fc.string({ maxLength: 45 }),
    ),
    unitCode: fc.constantFrom('PL', 'PL-A', 'NOPE', ''),
    laws: fc.array(fc.string({ maxLength: 110 }), { maxLength: 3 }),
    cancelled: fc.oneof(fc.boolean(), fc.constant('yes' as unknown as boolean)),
  },
  { requiredKeys: ['id', 'body', 'meetingNo', 'startsAt', 'unitCode'] },
)
const feedBody = fc.oneof(
  fc.array(meeting, { maxLength: 4 }).map((meetings) => JSON.stringify({ meetings })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
)

describe('webhook bodies', () => {
  it('are applied or refused whole, and a refused one leaves no trace', async () => {
    let n = 0
    const statuses = new Set<number>()
    await fc.assert(
      fc.asyncProperty(feedBody, async (body) => {
        const before = await rowCounts(h.db)
        const res = await h.request('/webhooks/meetings', { method: 'POST', headers: signedHeaders(h.clock, body, `evt-${++n}`), body })
        expect(res.status).toBeLessThan(500)
        statuses.add(res.status)
        const after = await rowCounts(h.db)
        if (res.status === 200) expect(after.webhook_events).toBe(before.webhook_events + 1)
        else expect(after).toEqual(before)
      }),
      {
        numRuns: FULL ? 1000 : 120,
        examples: [
          [
            JSON.stringify({
              meetings: [{ id: 'OA-X', body: '县政府常务会议', meetingNo: '第1次', startsAt: '2024-03-20T09:00:00+08:00', unitCode: 'PL' }],
            }),
          ],
          ['{'],
        ],
      },
    )
    expect(statuses).toContain(200) // some feeds were good enough to apply
    expect(statuses).toContain(400)
  })
})
