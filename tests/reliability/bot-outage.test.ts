/**
 * The WeChat side down for an hour: the server keeps serving HTTP, jobs run and plan their messages, the outbox
 * keeps WeChat rows waiting (not spending their retries), organizers are alerted; when WeChat comes back every
 * waiting message goes out once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { ManualClock } from '../../src/clock.js'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { countDeliveries } from '../../src/delivery/deliveries.repo.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { waitFor } from '../helpers/wait-for.js'
import { createCaptureLogger } from './helpers/capture-logger.js'
import { contactOf, seedCrashCounty } from './helpers/crash-seed.js'

const START = new Date('2024-03-04T02:00:00.000Z')
type MockContact = ReturnType<mock.Mocker['createContact']>

describe('WeChat down for an hour', () => {
  let t: TestDb
  let app: Xuefa
  let clock: ManualClock
  let mocker: mock.Mocker
  let puppet: PuppetMock
  let self: MockContact
  let token: string
  let bound: string[]
  const heard = new Map<string, string[]>()
  const capture = createCaptureLogger('warn')

  beforeEach(async () => {
    clock = new ManualClock(START)
    t = await createTestDb(clock)
    const county = await seedCrashCounty(t.db, START, { officials: 12, bound: 8, answerers: 0 })
    bound = county.bound
    token = (await createApiToken({ db: t.db, clock }, { role: 'admin' }, { actor: 'test' })).token
    t.db.close()
    mocker = new mock.Mocker()
    puppet = new PuppetMock({ mocker })
    // virtual time: the pacer's 1–2 s between WeChat sends pass on the manual clock
    const sleep = async (ms: number) => void clock.advance(ms)
    app = await createXuefa({
      puppet,
      clock,
      loops: false,
      sleep,
      logger: capture.logger,
      env: { ...t.env, XUEFA_BOT: 'on', XUEFA_BANK: 'off' },
    })
    await app.start()
    // reconnects on the real clock are the supervisor's own tests' business; here the mock decides when WeChat is back
    app.bot!.supervisor.stop()
    self = mocker.createContact({ id: 'bot-self', name: '学法助手' })
    for (const id of bound) {
      const c = mocker.createContact({ id: contactOf(id), name: id })
      ;(c as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
        if (m.talker().id === self.id) heard.set(c.id, [...(heard.get(c.id) ?? []), m.text()])
      })
    }
    mocker.login(self)
    await waitFor(() => app.bot!.status().state === 'logged_in', 'the login')
  })
  afterEach(async () => {
    await app.stop()
    t.cleanup()
  })

  const api = (path: string, init: RequestInit = {}) =>
    app.fetch(
      new Request(`http://xuefa${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      }),
    )

  it('serves, plans and keeps messages while WeChat is down, alerts organizers, and delivers each waiting message once when it returns', async () => {
    await puppet.logout('the phone lost its connection')
    await waitFor(() => app.bot!.status().state === 'logged_out', 'the logout')

    const planned: string[] = []
    for (let step = 1; step <= 6; step++) {
      clock.advanceMinutes(10)
      expect((await app.fetch(new Request('http://xuefa/healthz'))).status).toBe(200)
      const created = await api('/api/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'lecture',
          title: `停机期间的讲座${step}`,
          startsAt: new Date(clock.now().getTime() + 3 * 3_600_000).toISOString(),
          unitCode: 'PL-A',
        }),
      })
      expect(created.status).toBe(201)
      planned.push(((await created.json()) as { id: string }).id)
      expect(await app.scheduler.runOnce()).toMatchObject({ failed: 0 })
      await app.delivery.drainOnce()
    }
    const status = (await (await api('/api/v1/bot/status')).json()) as { state: string }
    expect(status.state).toBe('logged_out')

    const waiting = await countDeliveries(app.db)
    expect(waiting).toMatchObject({ pending: 6 * bound.length, sending: 0, sent: 0, failed: 0 })
    const attempts = await app.db.execute("SELECT max(attempts) AS n FROM deliveries WHERE channel = 'wechaty'")
    expect(Number(attempts.rows[0]!.n)).toBe(0) // waiting, not failing
    const jobs = await app.db.execute("SELECT count(*) AS n FROM jobs WHERE kind = 'session.materials' AND state = 'done'")
    expect(Number(jobs.rows[0]!.n)).toBe(6)
    expect([...heard.values()].flat()).toEqual([])
    const alerts = capture.lines().filter((l) => l.msg === 'organizers alerted: the WeChat bot needs attention')
    expect(alerts.map((a) => a.alert)).toEqual(['logout'])

    mocker.login(self)
    await waitFor(() => app.bot!.status().state === 'logged_in', 'the second login')
    await app.delivery.drainOnce()
    await app.delivery.drainOnce() // a second pass finds nothing more to send
    expect(await countDeliveries(app.db)).toMatchObject({ pending: 0, sending: 0, sent: 6 * bound.length, failed: 0 })
    for (const id of bound) {
      const texts = heard.get(contactOf(id)) ?? []
      expect(texts).toHaveLength(6)
      for (const i of planned.keys()) expect(texts.filter((x) => x.includes(`停机期间的讲座${i + 1}`))).toHaveLength(1)
    }
  })
})
