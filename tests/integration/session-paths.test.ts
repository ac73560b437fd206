/**
 * One home for a session: the same future session created through each of the five ways in — the API, the
 * dashboard, chat (安排学法 + 确认), the OA meetings feed and the CSV import — gets the same timeline, and an
 * empty audience list means the same to the fan-out as to chat.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { silentLogger } from '../../src/log.js'
import { createChat } from '../../src/chat/create-chat.js'
import { runImport } from '../../src/imports/import.service.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { createApiHarness, signedHeaders, type ApiHarness } from '../helpers/api.js'
import { csrfOf, logIn } from '../helpers/browser.js'
import { bindDirectly, incomingMessage } from '../helpers/chat.js'
import { seedOfficials } from '../helpers/seed.js'

const tz = 'Asia/Shanghai'
let h: ApiHarness
let admin: string

beforeEach(async () => {
  h = await createApiHarness() // the clock stands at 2024-03-01 10:00 in Shanghai
  admin = (await h.token('admin')).token
  await seedOfficials(h.db, [{ id: 'O001', name: '赵组织', unitCode: 'PL', isOrganizer: true }])
})
afterEach(() => h.cleanup())

interface Detail {
  id: string
  source: string
  timeline: { step: string; at: string; state: string }[]
}

async function detail(id: string): Promise<Detail> {
  const res = await h.request(`/api/v1/sessions/${encodeURIComponent(id)}`, { token: admin })
  expect(res.status, id).toBe(200)
  return (await res.json()) as Detail
}

async function viaApi(): Promise<string> {
  const res = await h.request('/api/v1/sessions', {
    method: 'POST',
    token: admin,
    json: { kind: 'pre_meeting', title: '县政府常务会议会前学法', startsAt: '2024-03-12 09:00', unitCode: 'PL' },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

async function viaDashboard(): Promise<string> {
  const jar = await logIn(h.app, admin)
  const form = await h.app.request('/ui/sessions/new', { headers: { cookie: jar.header() } })
  const body = new URLSearchParams({
    _csrf: csrfOf(await form.text()),
    kind: 'pre_meeting',
    title: '县政府常务会议会前学法',
    startsAt: '2024-03-12T09:00',
    unitCode: 'PL',
    status: 'planned',
    quizCount: '0',
  })
  const res = await h.app.request('/ui/sessions', { method: 'POST', headers: { cookie: jar.header() }, body })
  expect(res.status).toBe(303)
  return decodeURIComponent(/\/ui\/sessions\/([^?]+)/.exec(res.headers.get('location') ?? '')![1]!)
}

async function viaChat(): Promise<string> {
  await bindDirectly(h.db, 'O001', 'wx-o001')
  const channel = new RecordingChannel('wechaty')
  const chat = createChat({ db: h.db, clock: h.clock, tz, logger: silentLogger, channel })
  const say = (id: string, text: string) =>
    chat.handleIncoming(incomingMessage(text, { id, contactId: 'wx-o001', displayName: '赵组织', sentAt: h.clock.now() }), {
      rememberContact: async () => {},
    })
  await say('m1', '安排学法 3月12日 9:00 县政府常务会议')
  await say('m2', '确认')
  expect(channel.sent.at(-1)?.message.text).toContain('已创建会前学法')
  const rs = await h.db.execute("SELECT id FROM sessions WHERE source = 'chat'")
  return String(rs.rows[0]!.id)
}

async function viaFeed(): Promise<string> {
  const body = JSON.stringify({
    meetings: [{ id: 'OA-1', body: '县政府常务会议', meetingNo: '第3次', startsAt: '2024-03-12T09:00:00+08:00', unitCode: 'PL' }],
  })
  const res = await h.request('/webhooks/meetings', { method: 'POST', headers: signedHeaders(h.clock, body, 'evt-1'), body })
  expect(res.status).toBe(200)
  return ((await res.json()) as { created: string[] }).created[0]!
}

async function viaCsv(): Promise<string> {
  const csv = 'id,kind,title,starts_at,unit_code\nS-CSV,会前学法,县政府常务会议会前学法,2024-03-12 09:00,PL\n'
  const result = await runImport(h.db, 'sessions', { bytes: new TextEncoder().encode(csv) }, { tz, clock: h.clock, actor: 'test' })
  expect(result).toMatchObject({ ok: true, inserted: 1 })
  return 'S-CSV'
}

describe('a session created by any way in', () => {
  it('gets the same planned timeline: material the day before, reminder, check-in window, closing', async () => {
    const ids = { api: await viaApi(), ui: await viaDashboard(), chat: await viaChat(), oa: await viaFeed(), import: await viaCsv() }
    const expected = [
      { step: 'materials', at: '2024-03-11T01:00:00.000Z', state: 'planned' },
      { step: 'reminder', at: '2024-03-11T23:00:00.000Z', state: 'planned' },
      { step: 'checkin_opens', at: '2024-03-12T00:45:00.000Z', state: 'planned' },
      { step: 'checkin_closes', at: '2024-03-12T01:30:00.000Z', state: 'planned' },
      { step: 'close', at: '2024-03-12T02:00:00.000Z', state: 'planned' },
    ]
    for (const [source, id] of Object.entries(ids)) {
      const d = await detail(id)
      expect(d.source, id).toBe(source)
      expect(d.timeline, source).toEqual(expected)
    }
  })

  it('imported from CSV, is sent and closed like the others; a past one imports as held, with nothing to send', async () => {
    await viaCsv()
    const past = 'id,kind,title,starts_at,unit_code\nS-OLD,会前学法,去年的会前学法,2024-02-01 09:00,PL\n'
    expect(
      await runImport(h.db, 'sessions', { bytes: new TextEncoder().encode(past) }, { tz, clock: h.clock, actor: 'test' }),
    ).toMatchObject({
      ok: true,
    })
    const old = await detail('S-OLD')
    expect(old).toMatchObject({ status: 'held', timeline: [] })
    await bindDirectly(h.db, 'A001', 'wx-a001')
    const deps = { db: h.db, clock: h.clock, tz, logger: silentLogger, owner: 'test', handlers: createJobHandlers() }
    h.clock.set('2024-03-12T02:00:00.000Z')
    await runDueJobs(deps)
    const d = await detail('S-CSV')
    expect(d).toMatchObject({ status: 'held' })
    expect(d.timeline.filter((s) => ['materials', 'reminder', 'close'].includes(s.step)).map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
    ])
    const sent = await h.db.execute("SELECT count(*) AS n FROM deliveries WHERE channel = 'wechaty' AND recipient = 'official:A001'")
    expect(Number(sent.rows[0]!.n)).toBeGreaterThanOrEqual(2) // the material and the reminder
  })
})

describe('an empty audience list', () => {
  it('means the organizing unit to the fan-out and to chat alike', async () => {
    const res = await h.request('/api/v1/sessions', {
      method: 'POST',
      token: admin,
      json: { kind: 'lecture', title: '讲座', startsAt: '2024-03-12 09:00', unitCode: 'PL-A', audience: { unitCodes: [] } },
    })
    expect(res.status).toBe(201)
    await bindDirectly(h.db, 'A001', 'wx-a001')
    await bindDirectly(h.db, 'B001', 'wx-b001')
    const deps = { db: h.db, clock: h.clock, tz, logger: silentLogger, owner: 'test', handlers: createJobHandlers() }
    h.clock.set('2024-03-11T01:00:00.000Z')
    await runDueJobs(deps)
    const rs = await h.db.execute("SELECT recipient AS o FROM deliveries WHERE channel = 'wechaty' ORDER BY o")
    expect(rs.rows.map((r) => r.o)).toEqual(['official:A001']) // PL-A's bound official; B001 of PL-B is not in the audience
    const channel = new RecordingChannel('wechaty')
    const chat = createChat({ db: h.db, clock: h.clock, tz, logger: silentLogger, channel })
    h.clock.set('2024-03-12T00:50:00.000Z')
    for (const [id, contactId] of [
      ['c1', 'wx-a001'],
      ['c2', 'wx-b001'],
    ] as const) {
      await chat.handleIncoming(incomingMessage('签到', { id, contactId, displayName: '', sentAt: h.clock.now() }), {
        rememberContact: async () => {},
      })
    }
    expect(channel.sent.map((s) => s.message.text)).toEqual(['签到成功：讲座。', expect.stringContaining('当前没有可以签到的学法活动')])
  })
})
