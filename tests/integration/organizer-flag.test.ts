import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/log.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import { auditRows, createApiHarness, type ApiHarness } from '../helpers/api.js'

/**
 * Making someone an organizer (是否组织者 in the officials file, through the API), and what it is for: the closing
 * summary reaches the session's organizers in private, and the unit's group robot as well.
 */
let h: ApiHarness
let admin: { id: number; token: string }
beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
  await h.db.execute(
    "INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES (7, 'PL-A', 'wecom', 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k', NULL, '2024-01-01T00:00:00Z')",
  )
})
afterEach(() => h.cleanup())

const importOfficials = (body: string) =>
  h.request('/api/v1/import/officials', { method: 'POST', token: admin.token, headers: { 'content-type': 'text/csv' }, body })

describe('the organizer flag', () => {
  it('is set and cleared by the officials file through the API', async () => {
    const set = await importOfficials('编号,姓名,单位代码,是否组织者\nA001,张三,PL-A,是\nA002,李四,PL-A,否\n')
    expect(set.status).toBe(200)
    expect(await set.json()).toMatchObject({ ok: true, updated: 1, unchanged: 1 })
    const flags = async () =>
      (await h.db.execute("SELECT id, is_organizer FROM officials WHERE unit_code = 'PL-A' ORDER BY id")).rows.map((r) => [
        r.id,
        r.is_organizer,
      ])
    expect(await flags()).toEqual([
      ['A001', 1],
      ['A002', 0],
    ])
    // a file without the column keeps the flag; 否 clears it
    expect((await importOfficials('id,name,unit_code\nA001,张三,PL-A\nA002,李四,PL-A\n')).status).toBe(200)
    expect((await flags())[0]).toEqual(['A001', 1])
    expect((await importOfficials('id,name,unit_code,is_organizer\nA001,张三,PL-A,false\nA002,李四,PL-A,true\n')).status).toBe(200)
    expect(await flags()).toEqual([
      ['A001', 0],
      ['A002', 1],
    ])
  })

  it('is set by PUT /officials/:id/organizer, audited, within an organizer token’s units only', async () => {
    const orgA = await h.token('organizer', 'PL-A')
    const put = (id: string, token: string, isOrganizer: boolean) =>
      h.request(`/api/v1/officials/${id}/organizer`, { method: 'PUT', token, json: { isOrganizer } })
    const res = await put('A101', orgA.token, true)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: 'A101', name: '王五', unitCode: 'PL-A1', isOrganizer: true })
    expect((await h.db.execute("SELECT is_organizer FROM officials WHERE id = 'A101'")).rows[0]?.is_organizer).toBe(1)
    expect(await auditRows(h.db, 'official.organizer')).toEqual([
      expect.objectContaining({ actor: `token:${orgA.id}`, entity_id: 'A101', ip: '192.0.2.10' }),
    ])
    expect((await put('B001', orgA.token, true)).status).toBe(404) // another unit's official: as a missing one
    expect((await put('NOPE', admin.token, true)).status).toBe(404)
    expect((await put('A101', admin.token, false)).status).toBe(200)
    expect((await h.db.execute("SELECT is_organizer FROM officials WHERE id = 'A101'")).rows[0]?.is_organizer).toBe(0)
    expect((await h.db.execute("SELECT is_organizer FROM officials WHERE id = 'B001'")).rows[0]?.is_organizer).toBe(0)
  })

  it("sends the closing summary to the session's organizers in private and to the unit's robot", async () => {
    expect((await importOfficials('编号,姓名,单位代码,是否组织者\nA001,张三,PL-A,是\nA002,李四,PL-A,否\n')).status).toBe(200)
    const created = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin.token,
      json: { kind: 'lecture', title: '行政处罚法讲座', startsAt: '2024-03-05 09:00', unitCode: 'PL-A' },
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    h.clock.set('2024-03-05T06:00:00Z')
    const runner = { db: h.db, clock: h.clock, tz: 'Asia/Shanghai', logger: silentLogger, owner: 'test', handlers: createJobHandlers() }
    await runDueJobs(runner)
    const rs = await h.db.execute({
      sql: `SELECT d.channel, d.recipient, d.message_json FROM deliveries d JOIN jobs j ON j.id = d.job_id
            WHERE j.kind = 'session.close' AND j.session_id = ? ORDER BY d.channel, d.recipient`,
      args: [id],
    })
    expect(rs.rows.map((r) => [r.channel, r.recipient])).toEqual([
      ['wechaty', 'official:A001'],
      ['wecom', 'robot:7'],
    ])
    for (const r of rs.rows) expect(String(r.message_json)).toContain('行政处罚法讲座')
  })
})
