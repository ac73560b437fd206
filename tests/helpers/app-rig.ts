/**
 * xuefa (createXuefa: the real Hono app, chat, scheduler and outbox on a real database, the bot on, loops off) on the
 * quiz fixtures' roster and bank, with one WeCom or DingTalk application `main` stored, against the fake platforms on
 * loopback (./fake-apps.ts). The end-to-end tests of tests/e2e/app-*.test.ts start it in beforeAll.
 */
import type { ManualClock } from '../../src/clock.js'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { upsertApp } from '../../src/delivery/apps.repo.js'
import { createTestDb } from './db.js'
import { DINGTALK, startFakeApps, WECOM, type FakeApps } from './fake-apps.js'
import { seedQuestions, seedRoster } from '../integration/quiz-fixtures.js'

export interface AppRig {
  x: Xuefa
  fake: FakeApps
  stop(): Promise<void>
}

const APP = {
  wecom: { corpId: WECOM.corpId, agentId: WECOM.agentId, appKey: null, secret: WECOM.secret, token: WECOM.token, aesKey: WECOM.aesKey },
  dingtalk: { corpId: null, agentId: DINGTALK.agentId, appKey: DINGTALK.appKey, secret: DINGTALK.secret, token: null, aesKey: null },
} as const

/** `wecomUsers`: the members the fake WeCom knows (a message to anyone else is refused with 81013). */
export async function startAppRig(clock: ManualClock, platform: 'wecom' | 'dingtalk', wecomUsers: string[] = []): Promise<AppRig> {
  const t = await createTestDb(clock)
  await seedRoster(t.db)
  await seedQuestions(t.db)
  let x: Xuefa | undefined
  const fake = await startFakeApps({
    now: () => clock.now().getTime(),
    xuefa: (r) => x!.fetch(r),
    wecomUsers,
    callbackPath: { wecom: '/webhooks/wecom/main', dingtalk: '/webhooks/dingtalk/main' },
  })
  x = await createXuefa({
    clock,
    loops: false,
    // the throttling hold is the platform's minute; `sleep` moves the manual clock, so it is waited out at once
    sleep: async (ms: number) => void clock.advance(ms),
    env: { ...t.env, XUEFA_BOT: 'on', XUEFA_BANK: 'off', XUEFA_LOG_LEVEL: 'silent', XUEFA_PUBLIC_URL: 'https://xuefa.example.gov.cn' },
    apps: { baseUrls: { [platform]: fake.url }, throttleMs: 60_000 },
  })
  await x.start()
  await upsertApp(x.db, { platform, account: 'main', ...APP[platform] }, clock.now().toISOString())
  const started = x
  return {
    x: started,
    fake,
    async stop() {
      await started.stop()
      await fake.close()
      t.cleanup()
    },
  }
}
