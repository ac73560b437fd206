import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { createPacerRegistry, type PacerRegistryOptions } from '../../src/delivery/pacing.js'
import { drainAccount, type SenderDeps } from '../../src/delivery/sender.js'
import { insertDeliveries, countDeliveries, type NewDelivery } from '../../src/delivery/deliveries.repo.js'
import { PermanentDeliveryError } from '../../src/delivery/errors.js'
import { createRobotChannel } from '../../bots/robots/robot-channel.js'
import { TRUNCATION_NOTE } from '../../bots/robots/split.js'
import { startFakeRobots, type FakeRobots } from '../helpers/fake-robots.js'
import { createTestDb, type TestDb } from '../helpers/db.js'

const tz = 'Asia/Shanghai'
const NOW = '2024-01-01T00:00:00.000Z'

describe('group robots against local fake servers', () => {
  let t: TestDb
  let fake: FakeRobots
  let clock: ManualClock

  beforeEach(async () => {
    t = await createTestDb()
    clock = new ManualClock('2024-03-04T01:00:00Z')
    fake = await startFakeRobots({
      now: () => clock.now().getTime(),
      wecomKeys: ['K1'],
      dingtalk: { T1: 'SECdingsecret' },
      feishu: { H1: 'feishusecret' },
    })
    const stmts = [
      `INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('PL', '平罗县', '/PL/', '${NOW}', '${NOW}')`,
      `INSERT INTO officials (id, name, unit_code, created_at, updated_at) VALUES ('F', '周杰', 'PL', '${NOW}', '${NOW}'), ('G', '吴芳', 'PL', '${NOW}', '${NOW}'), ('H', '郑凯', 'PL', '${NOW}', '${NOW}')`,
      `INSERT INTO official_handles (official_id, platform, user_id, mobile) VALUES
         ('F', 'wecom', 'zhoujie', NULL), ('G', 'wecom', NULL, '13800000001'),
         ('G', 'dingtalk', NULL, '13800000001'), ('F', 'dingtalk', 'ding-f', NULL), ('F', 'feishu', 'ou_f', NULL)`,
      // the WeCom robot is stored with its real host; the test points the platform's base URL at the fake
      `INSERT INTO group_robots (id, unit_code, platform, url, secret, created_at) VALUES
         (1, 'PL', 'wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K1', NULL, '${NOW}'),
         (2, 'PL', 'dingtalk', '${fake.url}/robot/send?access_token=T1', 'SECdingsecret', '${NOW}'),
         (3, 'PL', 'feishu', '${fake.url}/open-apis/bot/v2/hook/H1', 'feishusecret', '${NOW}'),
         (4, 'PL', 'dingtalk', '${fake.url}/robot/send?access_token=T1', 'SECwrong', '${NOW}'),
         (5, 'PL', 'feishu', '${fake.url}/open-apis/bot/v2/hook/H1', 'wrong', '${NOW}')`,
    ]
    for (const sql of stmts) await t.db.execute(sql)
  })
  afterEach(async () => {
    await fake.close()
    t.cleanup()
  })

  function setup(overrides?: PacerRegistryOptions['overrides']) {
    const sleep = async (ms: number) => void clock.advance(ms)
    const pacers = createPacerRegistry({ clock, tz, sleep, overrides })
    const channel = createRobotChannel({
      db: t.db,
      clock,
      baseUrls: { wecom: fake.url },
      pacerFor: (p, id) => pacers.pacerFor(p, String(id)),
    })
    const sender: SenderDeps = {
      db: t.db,
      clock,
      tz,
      logger: silentLogger,
      owner: 'test',
      sleep,
      pacers,
      channels: { wecom: channel, dingtalk: channel, feishu: channel },
    }
    return { channel, sender }
  }

  const rows = (n: number, robotId: number, channel: NewDelivery['channel'], text = (i: number) => `第${i}条`): NewDelivery[] =>
    Array.from({ length: n }, (_, i) => ({
      dedupKey: `t:${robotId}:${i}`,
      jobId: null,
      channel,
      account: String(robotId),
      to: { kind: 'robot', robotId },
      message: { text: text(i), tag: 'test' },
      notBefore: clock.now().toISOString(),
    }))

  it("posts text and markdown in each platform's documented shape, signed, with @-mentions where the platform allows", async () => {
    const { channel } = setup()
    await channel.send({ kind: 'robot', robotId: 1, mentionOfficialIds: ['F', 'G'] }, { text: '请尽快答题', markdown: '**请尽快答题**' })
    await channel.send({ kind: 'robot', robotId: 1 }, { text: '通知', markdown: '**通知**' })
    await channel.send({ kind: 'robot', robotId: 2, mentionOfficialIds: ['G', 'F'] }, { text: '请尽快答题' })
    await channel.send({ kind: 'robot', robotId: 3, mentionOfficialIds: ['F', 'H'] }, { text: '请尽快答题' })
    await channel.send({ kind: 'robot', robotId: 3 }, { text: '通知', markdown: '**通知**' })
    expect(fake.refused).toEqual([])
    expect(fake.received.map((r) => r.body)).toEqual([
      { msgtype: 'text', text: { content: '请尽快答题', mentioned_list: ['zhoujie'], mentioned_mobile_list: ['13800000001'] } },
      { msgtype: 'markdown', markdown: { content: '**通知**' } },
      {
        msgtype: 'text',
        text: { content: '请尽快答题\n@13800000001 @ding-f' },
        at: { atMobiles: ['13800000001'], atUserIds: ['ding-f'], isAtAll: false },
      },
      expect.objectContaining({
        msg_type: 'text',
        content: { text: '请尽快答题\n<at user_id="ou_f">周杰</at>' },
        timestamp: String(clock.now().getTime() / 1000),
      }),
      expect.objectContaining({ msg_type: 'interactive', card: { elements: [{ tag: 'markdown', content: '**通知**' }] } }),
    ])
  })

  it('a wrong secret fails the signature check on the server and is not retried', async () => {
    const { channel } = setup()
    await expect(channel.send({ kind: 'robot', robotId: 4 }, { text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError)
    await expect(channel.send({ kind: 'robot', robotId: 5 }, { text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError)
    expect(fake.refused.map((r) => r.code)).toEqual([310000, 19021])
    const { sender } = setup()
    await insertDeliveries(t.db, rows(1, 4, 'dingtalk'), clock.now().toISOString())
    expect(await drainAccount(sender, 'dingtalk', '4')).toMatchObject({ failed: 1, sent: 0 })
    expect(await countDeliveries(t.db)).toMatchObject({ failed: 1 })
  })

  it('splits a message over the size limit into parts the platform accepts, and truncates past three with a note', async () => {
    const { channel } = setup()
    const line = '依法行政是政府工作的基本准则。'.repeat(4) // 180 bytes
    const long = Array.from({ length: 30 }, () => line).join('\n') // ~5.4 KB
    await channel.send({ kind: 'robot', robotId: 1 }, { text: long })
    const parts = fake.received.map((r) => (r.body.text as { content: string }).content)
    expect(parts).toHaveLength(3)
    expect(parts.every((p) => Buffer.byteLength(p) <= 2048)).toBe(true)
    expect(parts.map((p) => p.slice(0, 6))).toEqual(['(1/3)\n', '(2/3)\n', '(3/3)\n'])
    expect(parts.map((p) => p.slice(6)).join('\n')).toBe(long)
    fake.received.length = 0
    await channel.send({ kind: 'robot', robotId: 1 }, { text: Array.from({ length: 80 }, () => line).join('\n') })
    expect(fake.received).toHaveLength(3)
    expect((fake.received[2]!.body.text as { content: string }).content.endsWith(TRUNCATION_NOTE)).toBe(true)
    fake.received.length = 0
    await channel.send({ kind: 'robot', robotId: 3 }, { text: 'x', markdown: 'y'.repeat(30_000) })
    expect(fake.received).toHaveLength(2)
    expect(fake.refused).toEqual([])
  })

  it('at the documented pace nothing is throttled: 30 messages to DingTalk, 120 to Feishu', async () => {
    const { sender } = setup()
    await insertDeliveries(t.db, [...rows(30, 2, 'dingtalk'), ...rows(120, 3, 'feishu')], clock.now().toISOString())
    const t0 = clock.now().getTime()
    expect(await drainAccount(sender, 'dingtalk', '2')).toMatchObject({ sent: 30, throttled: 0 })
    expect(clock.now().getTime() - t0).toBe(87_000)
    expect(await drainAccount(sender, 'feishu', '3')).toMatchObject({ sent: 120, throttled: 0 })
    expect(fake.refused).toEqual([])
  })

  it('a DingTalk throttle answer (130101) holds the robot for 10 minutes, then the same message goes out once', async () => {
    // a pacer configured too fast, so the platform's own limit is what stops it
    const { sender } = setup({ dingtalk: { minIntervalMs: 0, limits: [] } })
    await insertDeliveries(t.db, rows(25, 2, 'dingtalk'), clock.now().toISOString())
    const t0 = clock.now().getTime()
    expect(await drainAccount(sender, 'dingtalk', '2', { horizonMs: 3_600_000 })).toMatchObject({ sent: 25, throttled: 1 })
    expect(fake.refused.map((r) => [r.code, r.at - t0])).toEqual([[130101, 0]])
    const texts = fake.received.map((r) => (r.body.text as { content: string }).content)
    expect(texts).toEqual(Array.from({ length: 25 }, (_, i) => `第${i}条`))
    expect(fake.received[20]!.at - t0).toBe(600_000)
  })

  it('an HTTP 429 with Retry-After is retried after the wait', async () => {
    const { sender } = setup()
    fake.fail429Next('wecom', 7)
    await insertDeliveries(t.db, rows(2, 1, 'wecom'), clock.now().toISOString())
    const t0 = clock.now().getTime()
    expect(await drainAccount(sender, 'wecom', '1', { horizonMs: 60_000 })).toMatchObject({ sent: 2, throttled: 1 })
    expect(fake.refused.map((r) => r.code)).toEqual([429])
    expect(fake.received.map((r) => r.at - t0)).toEqual([7_000, 10_000])
    expect(await countDeliveries(t.db)).toMatchObject({ sent: 2, failed: 0 })
  })
})
