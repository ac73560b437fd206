import { afterEach, beforeEach, expect, it } from 'vitest'
import { createSession } from '../../src/sessions/sessions.service.js'
import { seedOfficials } from '../helpers/seed.js'
import { createUiFixture, get, logIn, TZ, type UiFixture } from '../helpers/browser.js'

let f: UiFixture
beforeEach(async () => {
  f = await createUiFixture()
})
afterEach(() => f.cleanup())

it('pages a long sheet 200 at a time, and keeps named officials and marked people on it', async () => {
  await seedOfficials(
    f.db,
    Array.from({ length: 450 }, (_, i) => ({ id: `Z${String(i + 100).padStart(4, '0')}`, unitCode: 'ZFB' })),
  )
  const { session: s } = await createSession(
    { db: f.db, clock: f.clock, tz: TZ },
    {
      kind: 'topic_study',
      title: '中心组学习',
      startsAt: new Date('2024-06-10T01:00:00Z'),
      unitCode: 'PL',
      audience: { unitCodes: ['SFJ'], officialIds: ['Z1'], leadersOnly: true },
    },
    { actor: 'test' },
  )
  await f.db.execute({
    sql: "INSERT INTO attendance (session_id, official_id, status, marked_at) VALUES (?, 'P8', 'present', ?)",
    args: [s.id, f.clock.now().toISOString()],
  })
  const jar = await logIn(f.app, f.tokens.admin)
  const small = await (await get(f.app, jar, `/ui/sessions/${s.id}`)).text()
  // S1, S2 (leaders of 司法局), Z1 named, P8 because marked
  expect(small).toContain('应到 4 人')
  for (const id of ['S1', 'S2', 'Z1', 'P8']) expect(small).toContain(`<td>${id}</td>`)
  expect(small).not.toContain('<td>S3</td>')

  const { session: all } = await createSession(
    { db: f.db, clock: f.clock, tz: TZ },
    { kind: 'all_staff_training', title: '全员培训', startsAt: new Date('2024-06-11T01:00:00Z'), unitCode: 'PL' },
    { actor: 'test' },
  )
  const first = await (await get(f.app, jar, `/ui/sessions/${all.id}`)).text()
  expect(first).toContain('应到 474 人')
  expect(first).toContain('第 1 / 3 页')
  expect(first.match(/<select /g)?.length).toBe(200)
  const last = await (await get(f.app, jar, `/ui/sessions/${all.id}?page=3`)).text()
  expect(last.match(/<select /g)?.length).toBe(74)
  expect((await get(f.app, jar, `/ui/sessions/${all.id}?page=9`)).headers.get('location')).toBe(`/ui/sessions/${all.id}?page=3`)
})
