/** The dashboard under test: a seeded county, tokens of each kind, the /ui routes, a cookie jar and a zip reader. */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { serve } from '@hono/node-server'
import { chromium, type Browser } from 'playwright-core'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { silentLogger } from '../../src/log.js'
import { hashToken, insertToken, type TokenRole } from '../../src/access/tokens.repo.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { dashboardRoutes } from '../../src/http/dashboard/dashboard.js'
import type { UiDeps } from '../../src/http/dashboard/ui-env.js'
import type { AppEnv } from '../../src/http/common/types.js'
import { createTestDb, type TestDb } from './db.js'
import { seedOfficials, seedUnits } from './seed.js'

export const TZ = 'Asia/Shanghai'
export const CHROMIUM = '/usr/bin/chromium'

export interface UiFixture extends TestDb {
  clock: ManualClock
  deps: UiDeps
  app: Hono<AppEnv>
  tokens: { admin: string; sfj: string; reporter: string; revoked: string }
  /** a held session of 政府办 (ZFB), outside the 司法局 organizer's units */
  zfbSessionId: string
  /** a session of 司法局 (SFJ) */
  sfjSessionId: string
}

/** A token of `role` for `unitCode` (null: every unit), stored as the app stores tokens; the plain token to log in with. */
export async function addToken(t: TestDb, role: TokenRole, unitCode: string | null, now: string): Promise<{ token: string; id: number }> {
  const token = `xf_test_${role}_${unitCode ?? 'all'}_${Math.random().toString(36).slice(2)}`
  const id = await insertToken(t.db, { tokenHash: hashToken(token), role, unitCode, label: null, expiresAt: null }, now)
  return { token, id }
}

/** What the lead's app puts in front of every route, then /ui mounted as it will be. */
export function mountUi(deps: UiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use(requestId({ headerName: 'X-Request-Id' }))
  app.use(async (c, next) => {
    c.set('logger', deps.logger)
    c.set('clientIp', null)
    await next()
  })
  app.use(secureHeaders())
  app.route('/ui', dashboardRoutes(deps))
  return app
}

/** 平罗县 with 司法局 and 政府办, 24 officials, tokens of each kind, and a few sessions in 2024. */
export async function createUiFixture(extra: Partial<UiDeps> = {}): Promise<UiFixture> {
  const clock = new ManualClock('2024-06-15T02:00:00Z')
  const t = await createTestDb(clock)
  const now = clock.now().toISOString()
  await seedUnits(t.db, [
    ['PL', '平罗县人民政府'],
    ['SFJ', '县司法局', 'PL'],
    ['ZFB', '县政府办公室', 'PL'],
  ])
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强']
  await seedOfficials(t.db, [
    ...names.map((name, i) => ({ id: `P${i + 1}`, name, unitCode: 'PL', isLeader: i < 4 })),
    ...names.map((name, i) => ({ id: `S${i + 1}`, name: `${name}（司法局）`, unitCode: 'SFJ', isLeader: i < 2 })),
    ...names.map((name, i) => ({ id: `Z${i + 1}`, name: `${name}（政府办）`, unitCode: 'ZFB', isLeader: i < 2 })),
  ])
  const admin = await addToken(t, 'admin', null, now)
  const sfj = await addToken(t, 'organizer', 'SFJ', now)
  const reporter = await addToken(t, 'reporter', null, now)
  const revoked = await addToken(t, 'organizer', null, now)
  await t.db.execute({ sql: 'UPDATE api_tokens SET revoked_at = ? WHERE id = ?', args: [now, revoked.id] })
  const deps: UiDeps = { db: t.db, clock, config: loadConfig({ XUEFA_TZ: TZ }), logger: silentLogger, ...extra }
  const sdeps = { db: t.db, clock, tz: TZ }
  const by = { actor: 'test' }
  const { session: zfb } = await createSession(
    sdeps,
    {
      kind: 'pre_meeting',
      title: '政府常务会议会前学法',
      startsAt: new Date('2024-06-03T01:00:00Z'),
      unitCode: 'ZFB',
      body: '县政府常务会议',
      laws: ['中华人民共和国行政复议法'],
      status: 'held',
    },
    by,
  )
  const { session: sfjS } = await createSession(
    sdeps,
    {
      kind: 'lecture',
      title: '行政执法专题讲座',
      startsAt: new Date('2024-06-12T06:30:00Z'),
      unitCode: 'SFJ',
      laws: ['中华人民共和国行政处罚法'],
    },
    by,
  )
  for (const [day, kind, title] of [
    ['05', 'topic_study', '理论学习中心组法治专题学习'],
    ['18', 'court_hearing', '旁听行政诉讼庭审'],
    ['20', 'all_staff_training', '全员法治培训'],
  ] as const) {
    await createSession(sdeps, { kind, title, startsAt: new Date(`2024-06-${day}T01:00:00Z`), unitCode: 'PL', status: 'held' }, by)
  }
  return {
    ...t,
    clock,
    deps,
    app: mountUi(deps),
    tokens: { admin: admin.token, sfj: sfj.token, reporter: reporter.token, revoked: revoked.token },
    zfbSessionId: zfb.id,
    sfjSessionId: sfjS.id,
  }
}

export async function listen(app: Hono<AppEnv>): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Just enough of a browser's cookie handling for app.request(): name=value pairs from Set-Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>()
  take(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** The value of the hidden anti-forgery field in a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!m?.[1]) throw new Error('no _csrf field on the page')
  return m[1]
}

/** A GET of `path` sending the jar's cookies, as the browser holding them would. */
export async function get(app: Hono<AppEnv>, jar: CookieJar, path: string): Promise<Response> {
  return app.request(path, { headers: { cookie: jar.header() } })
}

/** Logs in through the form (as a browser would) and returns the jar holding the session cookie. */
export async function logIn(app: Hono<AppEnv>, token: string): Promise<CookieJar> {
  const jar = new CookieJar()
  const page = jar.take(await app.request('/ui/login'))
  const res = jar.take(
    await app.request('/ui/login', {
      method: 'POST',
      headers: { cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfOf(await page.text()), token }),
    }),
  )
  if (res.status !== 303) throw new Error(`log-in failed with ${res.status}`)
  return jar
}

/** The names of the entries of a zip archive, read from its central directory (throws when it is no zip). */
export function zipEntryNames(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes)
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (buf.readUInt32LE(0) !== 0x04034b50 || eocd < 0) throw new Error('not a zip archive')
  const count = buf.readUInt16LE(eocd + 10)
  let at = buf.readUInt32LE(eocd + 16)
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('broken central directory')
    const nameLength = buf.readUInt16LE(at + 28)
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength))
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
  }
  return names
}
