import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../src/log.js'
import { fireDueSchedules, SCHEDULABLE_KINDS } from '../../src/schedules/schedules.service.js'
import { auditRows, createApiHarness, type ApiHarness } from '../helpers/api.js'

let h: ApiHarness
beforeEach(async () => {
  h = await createApiHarness() // Friday 2024-03-01 10:00 in Shanghai
})
afterEach(() => h.cleanup())

const weekly = { name: '司法局每周学法清单', cron: '0 9 * * 1', unitCode: 'PL-A' }
const fireDue = () => fireDueSchedules({ db: h.db, clock: h.clock, tz: 'Asia/Shanghai', logger: silentLogger })

describe('/api/v1/schedules', () => {
  it('creates a weekly list on working days, says when it next fires, lists, turns off and removes it, auditing each', async () => {
    const { token } = await h.token('admin')
    const created = await h.request('/api/v1/schedules', { method: 'POST', token, json: weekly })
    expect(created.status).toBe(201)
    const s = (await created.json()) as { id: number; nextFireAt: string; skipHolidays: boolean; unitCode: string; kind: string }
    expect(s).toMatchObject({ kind: 'digest.weekly', unitCode: 'PL-A', skipHolidays: true, nextFireAt: '2024-03-04T01:00:00.000Z' })
    const list = (await (await h.request('/api/v1/schedules', { token })).json()) as { schedules: { name: string }[] }
    expect(list.schedules.map((x) => x.name)).toEqual([weekly.name])
    const off = await h.request(`/api/v1/schedules/${s.id}`, { method: 'PATCH', token, json: { enabled: false } })
    expect(await off.json()).toMatchObject({ enabled: false, nextFireAt: null })
    expect((await h.request(`/api/v1/schedules/${s.id}`, { method: 'DELETE', token })).status).toBe(204)
    expect((await h.request(`/api/v1/schedules/${s.id}`, { method: 'DELETE', token })).status).toBe(404)
    expect((await auditRows(h.db, 'schedule.save')).length).toBe(1)
    expect((await auditRows(h.db, 'schedule.disable')).length).toBe(1)
    expect((await auditRows(h.db, 'schedule.delete')).length).toBe(1)
  })

  it('skips the National Day holiday and fires on the 调休 Saturday when the expression is Monday to Friday', async () => {
    const { token } = await h.token('admin')
    h.clock.set('2024-09-30T02:00:00.000Z') // Monday 10:00; 1–7 October is the holiday, Saturday 12 October a working day
    const res = await h.request('/api/v1/schedules', { method: 'POST', token, json: { name: 'daily', cron: '0 9 * * 1-5' } })
    expect(await res.json()).toMatchObject({ nextFireAt: '2024-10-08T01:00:00.000Z', unitCode: null })
    h.clock.set('2024-10-11T02:00:00.000Z') // Friday 10:00
    const list = (await (await h.request('/api/v1/schedules', { token })).json()) as { schedules: { nextFireAt: string }[] }
    expect(list.schedules[0]?.nextFireAt).toBe('2024-10-12T01:00:00.000Z')
  })

  it('refuses a bad expression with 400 naming it, and keeps an organizer within its units', async () => {
    const { token } = await h.token('admin')
    const bad = await h.request('/api/v1/schedules', { method: 'POST', token, json: { ...weekly, cron: '0 9 * * 9' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: ['cron'] }] })
    const org = await h.token('organizer', 'PL-A')
    expect((await h.request('/api/v1/schedules', { method: 'POST', token: org.token, json: weekly })).status).toBe(201)
    const other = await h.request('/api/v1/schedules', {
      method: 'POST',
      token: org.token,
      json: { ...weekly, name: 'b', unitCode: 'PL-B' },
    })
    expect(other.status).toBe(403)
    const everyone = await h.request('/api/v1/schedules', { method: 'POST', token: org.token, json: { name: 'c', cron: '0 9 * * 1' } })
    expect(everyone.status).toBe(403)
    await h.request('/api/v1/schedules', { method: 'POST', token, json: { name: 'county', cron: '0 9 * * 1' } })
    const mine = (await (await h.request('/api/v1/schedules', { token: org.token })).json()) as {
      schedules: { name: string; id: number }[]
    }
    expect(mine.schedules.map((x) => x.name)).toEqual([weekly.name])
    const all = (await (await h.request('/api/v1/schedules', { token })).json()) as { schedules: { name: string; id: number }[] }
    const county = all.schedules.find((x) => x.name === 'county')!
    expect((await h.request(`/api/v1/schedules/${county.id}`, { method: 'DELETE', token: org.token })).status).toBe(403)
    const reporter = await h.token('reporter')
    expect((await h.request('/api/v1/schedules', { token: reporter.token })).status).toBe(403)
  })

  it('sends nothing at once when a paused schedule is switched back on, or saved again with another time', async () => {
    const { token } = await h.token('admin')
    const { id } = (await (await h.request('/api/v1/schedules', { method: 'POST', token, json: weekly })).json()) as { id: number }
    await h.request(`/api/v1/schedules/${id}`, { method: 'PATCH', token, json: { enabled: false } })
    h.clock.set('2024-03-05T02:00:00.000Z') // Tuesday: Monday's fire passed while it was off
    const on = await h.request(`/api/v1/schedules/${id}`, { method: 'PATCH', token, json: { enabled: true } })
    expect(await on.json()).toMatchObject({ enabled: true, nextFireAt: '2024-03-11T01:00:00.000Z' })
    expect(await fireDue()).toBe(0)
    h.clock.set('2024-03-11T01:00:00.000Z') // the Monday the page promised
    expect(await fireDue()).toBe(1)
    h.clock.set('2024-03-13T02:00:00.000Z') // Wednesday: saved again for Tuesdays, whose fire of the 12th was never due
    await h.request('/api/v1/schedules', { method: 'POST', token, json: { ...weekly, cron: '0 9 * * 2' } })
    expect(await fireDue()).toBe(0)
    h.clock.set('2024-03-19T01:00:00.000Z')
    expect(await fireDue()).toBe(1)
  })

  it('refuses to let a unit-limited token take over another unit’s or a county-wide schedule by reusing its name', async () => {
    const { token } = await h.token('admin')
    const post = (t: string, json: object) => h.request('/api/v1/schedules', { method: 'POST', token: t, json })
    const county = (await (await post(token, { name: '全县周一推送', cron: '0 9 * * 1' })).json()) as { id: number }
    await post(token, { name: '教育局', cron: '0 8 * * 1', unitCode: 'PL-B' })
    await post(token, { name: '司法局', cron: '0 8 * * 1', unitCode: 'PL-A' })
    const a = await h.token('organizer', 'PL-A')
    const a1 = await h.token('organizer', 'PL-A1')
    for (const [t, name] of [
      [a.token, '全县周一推送'],
      [a.token, '教育局'],
      [a1.token, '司法局'],
    ] as const) {
      const res = await post(t, { name, cron: '0 7 * * *', unitCode: t === a.token ? 'PL-A' : 'PL-A1', skipHolidays: false })
      expect(res.status).toBe(409)
      const body = (await res.json()) as { code: string; message: string }
      expect(body.code).toBe('CONFLICT')
      expect(body.message).not.toMatch(/PL-B|0 8|every unit/)
    }
    const rows = (await h.db.execute('SELECT name, cron, payload_json, skip_holidays FROM schedules ORDER BY id')).rows
    expect(rows).toMatchObject([
      { name: '全县周一推送', cron: '0 9 * * 1', payload_json: '{}', skip_holidays: 1 },
      { name: '教育局', cron: '0 8 * * 1', payload_json: '{"unitCode":"PL-B"}' },
      { name: '司法局', cron: '0 8 * * 1', payload_json: '{"unitCode":"PL-A"}' },
    ])
    expect((await post(a.token, { name: '司法局', cron: '0 7 * * 1', unitCode: 'PL-A1' })).status).toBe(201) // its own, replaced
    const patch = await h.request(`/api/v1/schedules/${county.id}`, { method: 'PATCH', token: a.token, json: { enabled: false } })
    expect(patch.status).toBe(403)
    expect(((await patch.json()) as { message: string }).message).not.toContain('unitCode')
    const del = await h.request(`/api/v1/schedules/${county.id}`, { method: 'DELETE', token: a.token })
    expect(del.status).toBe(403)
    expect(((await del.json()) as { message: string }).message).toContain('remove')
    expect((await h.request('/api/v1/schedules/999', { method: 'PATCH', token: a.token, json: { enabled: true } })).status).toBe(404)
    // another unit's schedule is answered exactly as a missing one, and stays as it was
    const theirs = Number((await h.db.execute("SELECT id FROM schedules WHERE name = '教育局'")).rows[0]?.id)
    const gone = 1000 + theirs
    for (const [method, id] of [
      ['PATCH', theirs],
      ['DELETE', theirs],
      ['PATCH', gone],
    ] as const) {
      const res = await h.request(`/api/v1/schedules/${id}`, {
        method,
        token: a.token,
        json: method === 'PATCH' ? { enabled: false } : undefined,
      })
      expect(res.status, `${method} ${id}`).toBe(404)
      const { requestId: _, message, ...rest } = (await res.json()) as { requestId: string; message: string }
      expect({ ...rest, message: message.replace(String(id), 'N') }).toEqual({ code: 'NOT_FOUND', message: 'schedule N not found' })
    }
    expect((await h.db.execute("SELECT enabled FROM schedules WHERE name = '教育局'")).rows).toMatchObject([{ enabled: 1 }])
  })

  it('describes the kinds a schedule may fire, and the idempotency key its POST honours, in OpenAPI', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
      components: { schemas: { Schedule: { properties: { kind: { enum: string[] } } } } }
    }
    expect(doc.components.schemas.Schedule.properties.kind.enum).toEqual([...SCHEDULABLE_KINDS])
    expect(doc.paths['/api/v1/schedules']?.post?.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
    )
  })
})
