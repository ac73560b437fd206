import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditRows, createApiHarness, seedSession, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
let admin: { id: number; token: string }
let orgA: { id: number; token: string }
beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
  orgA = await h.token('organizer', 'PL-A')
  await seedSession(h.db, 'S-A', 'PL-A')
  await seedSession(h.db, 'S-B', 'PL-B')
})
afterEach(() => h.cleanup())

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const csv = (...lines: string[]) => `${lines.join('\n')}\n`
const upload = (kind: string, body: string | Uint8Array, token: string, type = 'text/csv', query = '') =>
  h.request(`/api/v1/import/${kind}${query}`, { method: 'POST', token, headers: { 'content-type': type }, body: body as BodyInit })
const officialCount = async () => Number((await h.db.execute('SELECT count(*) AS n FROM officials')).rows[0]?.n)

describe('POST /api/v1/import/:kind', () => {
  it("imports a CSV of officials in the organizer's units and audits it with the client address", async () => {
    const file = csv('编号,姓名,单位代码,是否领导班子成员', 'A003,孙七,PL-A,是', 'A102,周八,PL-A1,否')
    const res = await upload('officials', file, orgA.token, 'text/csv', '?confirmLeavers=true')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      ok: true,
      kind: 'officials',
      rows: 2,
      inserted: 2,
      left: 3,
      leavers: [
        { id: 'A001', name: '张三', unitCode: 'PL-A', unitName: '县司法局' },
        { id: 'A002', name: '李四', unitCode: 'PL-A', unitName: '县司法局' },
        { id: 'A101', name: '王五', unitCode: 'PL-A1', unitName: '司法所' },
      ],
      dryRun: false,
    })
    expect(await officialCount()).toBe(6)
    expect((await auditRows(h.db, 'import.request'))[0]).toMatchObject({ actor: `token:${orgA.id}`, ip: '192.0.2.10' })
  })

  it('checks everything and writes nothing with ?dryRun=true', async () => {
    const res = await upload('officials', csv('id,name,unit_code', 'A003,孙七,PL-A'), admin.token, 'text/csv', '?dryRun=true')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, dryRun: true, inserted: 1 })
    expect(await officialCount()).toBe(4)
  })

  it('accepts the same rows as an XLSX file', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('人员')
    sheet.addRow(['编号', '姓名', '单位代码'])
    sheet.addRow(['A004', '吴九', 'PL-A'])
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer())
    const res = await upload('officials', bytes, orgA.token, XLSX, '?confirmLeavers=true')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, inserted: 1 })
  })

  it('answers 422 with every problem as { line, column, message } and imports nothing', async () => {
    const res = await upload(
      'officials',
      csv('编号,姓名,单位代码,是否领导班子成员', 'A003,孙七,PL-A,也许', 'A004,,PL-A,否', 'A005,郑十,NOPE,否'),
      admin.token,
    )
    expect(res.status).toBe(422)
    const body = (await res.json()) as { code: string; issues: { line: number; column: string; message: string }[] }
    expect(body.code).toBe('INVALID_INPUT')
    expect(body.issues.map((i) => [i.line, i.column])).toEqual(
      expect.arrayContaining([
        [2, '是否领导班子成员'],
        [3, '姓名'],
        [4, '单位代码'],
      ]),
    )
    for (const i of body.issues) expect(i.message).toMatch(/.+/)
    expect(await officialCount()).toBe(4)
  })

  it('refuses an organizer importing rows of another unit (officials, sessions, attendance, exam results): 403, nothing written', async () => {
    const cases: [string, string][] = [
      ['officials', csv('id,name,unit_code', 'A003,孙七,PL-A', 'B002,钱二,PL-B')],
      ['officials', csv('id,name,unit_code', 'B001,赵六,PL-A')],
      ['sessions', csv('id,kind,title,starts_at,unit_code', 'S-NEW,lecture,讲座,2024-03-01 09:00,PL-B')],
      ['sessions', csv('id,kind,title,starts_at,unit_code', 'S-B,lecture,讲座,2024-03-01 09:00,PL-A')],
      ['attendance', csv('session_id,official_id,status', 'S-B,B001,出席')],
      ['attendance', csv('session_id,official_id,status', 'S-A,B001,出席')],
      ['exam-results', csv('exam,official_id,taken_at,score', '任前考试,B001,2024-03-01 09:00,90')],
    ]
    for (const [kind, file] of cases) {
      const res = await upload(kind, file, orgA.token)
      expect(res.status, `${kind}: ${file}`).toBe(403)
      const body = (await res.json()) as { code: string; issues: { line: number }[] }
      expect(body.code).toBe('FORBIDDEN')
      expect(body.issues.length).toBeGreaterThan(0)
    }
    expect(await officialCount()).toBe(4)
    expect(Number((await h.db.execute('SELECT count(*) AS n FROM attendance')).rows[0]?.n)).toBe(0)
    expect(Number((await h.db.execute('SELECT count(*) AS n FROM exam_results')).rows[0]?.n)).toBe(0)
    expect((await h.db.execute("SELECT unit_code FROM sessions WHERE id = 'S-B'")).rows[0]?.unit_code).toBe('PL-B')
  })

  it('leaves units and the question bank to unscoped admins, and refuses reporters', async () => {
    const reporter = await h.token('reporter')
    const units = csv('code,name,parent_code', 'PL-A2,新所,PL-A')
    expect((await upload('units', units, orgA.token)).status).toBe(403)
    expect((await upload('questions', csv('id,type,stem,answer,law', 'Q1,判断,题干,对,宪法'), orgA.token)).status).toBe(403)
    expect((await upload('officials', csv('id,name,unit_code', 'A009,某,PL-A'), reporter.token)).status).toBe(403)
    expect((await upload('units', units, admin.token)).status).toBe(200)
  })

  it('refuses an unknown kind, another content type and an empty body with 4xx', async () => {
    expect((await upload('cats', csv('id'), admin.token)).status).toBe(400)
    const res = await upload('officials', '{"id":1}', admin.token, 'application/json')
    expect(res.status).toBe(415)
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_INPUT')
    expect((await upload('officials', '', admin.token)).status).toBe(400)
    expect((await upload('officials', csv('id'), admin.token, 'text/csv', '?dryRun=maybe')).status).toBe(400)
  })
})
