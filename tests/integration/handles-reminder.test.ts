/**
 * Issue 17 item 3: the robots' @-mention handles (official_handles) are imported as a CSV kind, and the 2-hour
 * reminder nudges every unfinished bound person in private (their link) while the unit's group robot names and
 * @-mentions them for real.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRobotChannel } from '../../bots/robots/robot-channel.js'
import { listDueAccounts } from '../../src/delivery/deliveries.repo.js'
import { createPacerRegistry } from '../../src/delivery/pacing.js'
import { drainAccount } from '../../src/delivery/sender.js'
import { enqueueJob } from '../../src/jobs/jobs.repo.js'
import { silentLogger } from '../../src/log.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import { runDueJobs } from '../../src/scheduler/runner.js'
import { createApiHarness, seedSession, type ApiHarness } from '../helpers/api.js'
import { startFakeRobots, type FakeRobots } from '../helpers/fake-robots.js'

const TZ = 'Asia/Shanghai'
let h: ApiHarness
let fake: FakeRobots
let admin: { id: number; token: string }
beforeEach(async () => {
  h = await createApiHarness()
  admin = await h.token('admin')
  fake = await startFakeRobots({ now: () => h.clock.now().getTime(), wecomKeys: ['K1'] })
})
afterEach(async () => {
  await fake.close()
  h.cleanup()
})

const csv = (...lines: string[]) => `${lines.join('\n')}\n`
const upload = (body: string, token = admin.token) =>
  h.request('/api/v1/import/handles', { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body })
const handles = async () =>
  (await h.db.execute('SELECT official_id, platform, user_id, mobile FROM official_handles ORDER BY official_id, platform')).rows.map(
    (r) => ({
      ...r,
    }),
  )

describe('the handles import (official_handles)', () => {
  it('writes each person’s account per platform, Chinese or English headers and platform names, and updates by (person, platform)', async () => {
    const first = await upload(
      csv('人员编号,平台,平台账号,手机号', 'A001,企业微信,zhangsan,', 'A002,钉钉,,138-0000-0002', 'A002,wecom,,13800000002'),
    )
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ ok: true, kind: 'handles', rows: 3, inserted: 3 })
    expect(await handles()).toEqual([
      { official_id: 'A001', platform: 'wecom', user_id: 'zhangsan', mobile: null },
      { official_id: 'A002', platform: 'dingtalk', user_id: null, mobile: '13800000002' },
      { official_id: 'A002', platform: 'wecom', user_id: null, mobile: '13800000002' },
    ])
    // a file without the mobile column keeps the stored number
    const again = await upload(csv('official_id,platform,user_id', 'A002,dingtalk,ding-lisi', 'A001,wecom,zhangsan'))
    expect(await again.json()).toMatchObject({ ok: true, inserted: 0, updated: 1, unchanged: 1 })
    expect((await handles())[1]).toEqual({ official_id: 'A002', platform: 'dingtalk', user_id: 'ding-lisi', mobile: '13800000002' })
  })

  it('refuses bad rows with every problem, in Chinese, never repeating a phone number, and writes nothing', async () => {
    const res = await upload(
      csv(
        '人员编号,平台,平台账号,手机号',
        'A101,企业微信,,',
        'B001,微信,x,',
        'A001,钉钉,,1380000abc9',
        'ZZZ,飞书,ou_z,',
        'A001,飞书,ou_a,',
        'A001,feishu,ou_b,',
      ),
    )
    expect(res.status).toBe(422)
    const body = (await res.json()) as { issues: { line: number; column: string; message: string }[] }
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { line: 2, column: '平台账号', message: '平台账号和手机号至少填写一项' },
        expect.objectContaining({ line: 3, column: '平台' }),
        { line: 4, column: '手机号', message: '手机号应为 6 到 20 位数字（可带 +）' },
        { line: 5, column: '人员编号', message: '人员「ZZZ」不在花名册中，请先导入人员' },
        expect.objectContaining({ line: 7, column: '平台' }),
      ]),
    )
    expect(JSON.stringify(body)).not.toContain('1380000abc9')
    expect(await handles()).toEqual([])
  })

  it("lets a unit's organizer import only their own units' people", async () => {
    const org = await h.token('organizer', 'PL-A')
    expect((await upload(csv('official_id,platform,user_id', 'A001,wecom,zhangsan'), org.token)).status).toBe(200)
    expect((await upload(csv('official_id,platform,user_id', 'B001,wecom,zhaoliu'), org.token)).status).not.toBe(200)
    expect((await handles()).map((r) => r.official_id)).toEqual(['A001'])
  })
})

describe('the reminder with a group robot', () => {
  it('nudges each unfinished bound person in private too, and the group robot @-mentions them all', async () => {
    const now = h.clock.now().toISOString()
    await seedSession(h.db, 'S-A', 'PL-A')
    await h.db.batch([
      `INSERT INTO chat_bindings (official_id, channel, contact_id, alias_key, bound_at) VALUES ('A001', 'wechaty', 'wx-a', 'k-a', '${now}')`,
      `INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at)
         VALUES (7, 'PL-A', 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1', NULL, '${now}')`,
    ])
    expect((await upload(csv('人员编号,平台,平台账号,手机号', 'A001,企业微信,zhangsan,', 'A002,企业微信,,13800000002'))).status).toBe(200)
    // two hours before the start (2024-03-10 09:00 local): A001 (bound) and A002 (not) have not checked in
    await enqueueJob(
      h.db,
      {
        kind: 'session.reminder',
        dueAt: '2024-03-09T23:00:00.000Z',
        payload: { sessionId: 'S-A' },
        sessionId: 'S-A',
        dedupKey: 'test-reminder',
      },
      now,
    )
    h.clock.set('2024-03-09T23:00:00.000Z')
    const deps = { db: h.db, clock: h.clock, tz: TZ, logger: silentLogger }
    await runDueJobs({ ...deps, handlers: createJobHandlers(), owner: 'test', linkBaseUrl: 'https://xuefa.example.gov.cn' })

    const planned = (
      await h.db.execute(
        "SELECT recipient, message_json FROM deliveries WHERE json_extract(message_json, '$.message.tag') = 'session.reminder' ORDER BY recipient",
      )
    ).rows
    expect(planned.map((r) => String(r.recipient))).toEqual(['official:A001', 'robot:7'])
    const message = (i: number) =>
      JSON.parse(String(planned[i]!.message_json)) as { to: Record<string, unknown>; message: { text: string } }
    // one private message, with nothing but the person's own name
    expect(message(0).message.text).toContain('张三：')
    expect(message(0).message.text).not.toContain('李四')
    expect(message(1).to).toMatchObject({ kind: 'robot', robotId: 7, mentionOfficialIds: ['A001', 'A002'] })
    expect(message(1).message.text).toContain('张三、李四：')

    const sleep = async (ms: number) => void h.clock.advance(ms)
    const pacers = createPacerRegistry({ clock: h.clock, tz: TZ, sleep })
    const robots = createRobotChannel({
      db: h.db,
      clock: h.clock,
      baseUrls: { wecom: fake.url },
      pacerFor: (p, id) => pacers.pacerFor(p, String(id)),
    })
    const sender = { ...deps, owner: 'test', sleep, pacers, channels: { wecom: robots } }
    for (const a of await listDueAccounts(h.db, h.clock.now().toISOString()))
      if (a.channel === 'wecom') await drainAccount(sender, a.channel, a.account)
    expect(fake.received.map((r) => r.body)).toEqual([
      {
        msgtype: 'text',
        text: expect.objectContaining({ mentioned_list: ['zhangsan'], mentioned_mobile_list: ['13800000002'] }),
      },
    ])
  })
})
