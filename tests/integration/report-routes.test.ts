import { afterEach, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import JSZip from 'jszip'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { buildCounty, buildSeed000 } from '../helpers/report-county.js'
import type { Db } from '../../src/storage/db.js'
import { reportRoutes } from '../../src/http/api/reports.routes.js'
import { AppError, httpStatusOf } from '../../src/errors.js'
import { loadConfig } from '../../src/config.js'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import type { AppEnv, AuthInfo } from '../../src/http/common/types.js'

let t: TestDb | undefined
afterEach(() => {
  t?.cleanup()
  t = undefined
})

/** The routes behind a stand-in for the auth middleware: the test says who is calling. */
async function app(auth: AuthInfo, build: (db: Db) => Promise<void> = buildCounty) {
  t = await createTestDb()
  await build(t.db)
  const deps = { db: t.db, clock: new ManualClock('2025-01-10T00:00:00Z'), config: loadConfig({}), logger: silentLogger }
  const a = new Hono<AppEnv>()
  a.use(async (c, next) => {
    c.set('auth', auth)
    c.set('requestId', 'test')
    await next()
  })
  a.route('/api/v1', reportRoutes(deps))
  a.onError((err, c) => {
    if (err instanceof AppError) return c.json({ code: err.code, message: err.message, issues: err.issues }, httpStatusOf[err.code] as 400)
    throw err
  })
  return a
}

const reporter: AuthInfo = { tokenId: 1, role: 'reporter', unitCode: null }

describe('GET /api/v1/reports/annual', () => {
  it('writes the round style for rounded=true or 1, exactly otherwise, and refuses any other value', async () => {
    const a = await app(reporter, buildSeed000)
    const narrative = async (query: string) => {
      const res = await a.request(`/api/v1/reports/annual?year=2019&unit=LS${query}`)
      expect(res.status, query).toBe(200)
      return ((await res.json()) as { narrative: string[] }).narrative.join('')
    }
    expect(await narrative('&rounded=true')).toContain('共百余人参学300余人次')
    expect(await narrative('&rounded=1')).toContain('共百余人参学300余人次')
    expect(await narrative('&rounded=false')).toContain('共160人参学312人次')
    expect(await narrative('')).toContain('共160人参学312人次')
    expect((await a.request('/api/v1/reports/annual?year=2019&rounded=yes')).status).toBe(400)
    const md = await (await a.request('/api/v1/reports/annual?year=2019&unit=LS&format=md&rounded=1')).text()
    expect(md).toContain('共百余人参学300余人次')
  })

  it('returns the JSON report, by default for the token unit', async () => {
    const a = await app({ tokenId: 2, role: 'organizer', unitCode: 'SFJ' })
    const res = await a.request('/api/v1/reports/annual?year=2024')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    const body = (await res.json()) as { unit: { code: string }; sessions: { held: number }; narrative: string[] }
    expect(body.unit.code).toBe('SFJ')
    expect(body.sessions.held).toBe(3)
    expect(body.narrative.length).toBeGreaterThan(0)
  })

  it('returns Markdown and a DOCX download with a UTF-8 file name', async () => {
    const a = await app(reporter)
    const md = await a.request('/api/v1/reports/annual?year=2024&unit=PL&format=md')
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(await md.text()).toContain('县政府常务会议开展会前学法1次、县长办公会议1次')
    const docx = await a.request('/api/v1/reports/annual?year=2024&unit=PL&format=docx')
    expect(docx.status).toBe(200)
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(docx.headers.get('content-disposition')).toBe(
      `attachment; filename="xuefa-report-2024-PL.docx"; filename*=UTF-8''${encodeURIComponent('平罗县人民政府2024年度学法报告.docx')}`,
    )
    const zip = await JSZip.loadAsync(await docx.arrayBuffer())
    expect(await zip.file('word/document.xml')?.async('string')).toContain('县政府常务会议开展会前学法1次、县长办公会议1次')
  })

  it('refuses a bad year, a bad format, a unit outside the token and an unknown unit', async () => {
    const a = await app({ tokenId: 3, role: 'organizer', unitCode: 'SFJ' })
    const bad = await a.request('/api/v1/reports/annual?year=20x4')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { code: string; issues: { path: string[] }[] }).issues[0]?.path).toEqual(['year'])
    expect((await a.request('/api/v1/reports/annual')).status).toBe(400)
    expect((await a.request('/api/v1/reports/annual?year=2024&format=pdf')).status).toBe(400)
    const other = await a.request('/api/v1/reports/annual?year=2024&unit=PL')
    expect(other.status).toBe(403)
    expect(((await other.json()) as { code: string }).code).toBe('FORBIDDEN')
    t?.cleanup()
    const admin = await app({ tokenId: 4, role: 'admin', unitCode: null })
    const unknown = await admin.request('/api/v1/reports/annual?year=2024&unit=NOPE')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as { code: string }).code).toBe('NOT_FOUND')
  })
})

describe('GET /api/v1/exports/ledger', () => {
  it('returns the XLSX and CSV ledgers as downloads', async () => {
    const a = await app(reporter)
    const xlsx = await a.request('/api/v1/exports/ledger?year=2024&unit=PL')
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(xlsx.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('平罗县人民政府2024年度学法台账.xlsx')}`,
    )
    const zip = await JSZip.loadAsync(await xlsx.arrayBuffer())
    expect(zip.file('xl/workbook.xml')).not.toBeNull()
    const csv = await a.request('/api/v1/exports/ledger?year=2024&unit=PL&format=csv')
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes)).toContain('【学法活动】')
  })
})
