/**
 * A SIGKILL chain against `Idempotency-Key`: xuefa's HTTP server as a child process on one database file, clients
 * creating sessions (`POST /api/v1/sessions`), each request under its own key; at a seeded moment the server is
 * killed, a new process started, and every request whose answer did not arrive is sent again with its key, as a
 * client would. Each life's clock runs six minutes after the last (past the one-minute rule for keys left in
 * progress), so a server that merely waited before running a request again would create its session twice.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { systemClock } from '../../../src/clock.js'
import { createApiToken } from '../../../src/access/tokens.service.js'
import { compileScript, type CompiledScript } from '../../helpers/compile-script.js'
import { createTestDb, type TestDb } from '../../helpers/db.js'
import { createPrng } from './prng.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const LIFE_GAP_MS = 6 * 60_000

/**
 * The server: xuefa's HTTP app alone (createHttpApp, as `xuefa serve` builds it, without the bots and loops, which
 * cost a start three times the CPU), loaded before its life begins; stdin's first line gives the epoch ms its clock
 * starts at, then it listens and prints its port.
 */
const DRIVER = `
import { createInterface } from 'node:readline'
import { serve } from '@hono/node-server'
import { openConfiguredDb } from './src/storage/db.js'
import { createHttpApp } from './src/http/app.js'
import { loadConfig } from './src/config.js'
import { createLogger } from './src/log.js'
let offset = 0
const config = loadConfig({ ...process.env, XUEFA_DB_URL: process.argv[2], XUEFA_BOT: 'off', XUEFA_BANK: 'off' })
const db = await openConfiguredDb(config)
const clock = { now: () => new Date(Date.now() + offset) }
const app = createHttpApp({ db, clock, config, logger: createLogger('error', process.stderr) }, { botStatuses: () => [] })
const first = await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
if (first.done) process.exit(0)
offset = Number(first.value) - Date.now()
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write('@@' + info.port + '\\n'))
`

export interface IdempotencyChainResult {
  /** keys sent, and acknowledged (a 201 received) */
  keys: number
  acknowledged: number
  /** keys whose acknowledgement was a replay of an effect committed in an earlier life (the crash window) */
  replayedAfterKill: number
  /** requests in flight at each kill */
  inFlightAtKill: number[]
  /** keys with more than one session, and acknowledged keys whose session is not the one answered */
  twoEffects: string[]
  wrongAnswer: string[]
  /** answers a live server must not give */
  unexpected: string[]
}

interface Life {
  child: ChildProcess
  exited: Promise<unknown>
  go(startMs: number): Promise<number>
  stderr(): string
}

function spawnLife(driver: CompiledScript, db: TestDb['env']): Life {
  const child = spawn(process.execPath, [driver.file, db.XUEFA_DB_URL], {
    cwd: ROOT,
    env: { ...process.env, ...db },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-10_000)))
  child.stdin!.on('error', () => undefined)
  const exited = new Promise((r) => child.on('exit', r))
  const port = new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /@@(\d+)\n/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    void exited.then(() => reject(new Error(`the server exited before it listened:\n${err}`)))
  })
  return {
    child,
    exited,
    go(startMs) {
      child.stdin!.write(`${startMs}\n`)
      return port
    },
    stderr: () => err,
  }
}

export async function runIdempotencyChain(o: { seed: number; kills: number; clients?: number }): Promise<IdempotencyChainResult> {
  const t = await createTestDb()
  const iso = new Date().toISOString()
  await t.db.execute({
    sql: "INSERT INTO units (code, name, parent_code, path, created_at, updated_at) VALUES ('PL', '平罗县人民政府', NULL, '/PL/', ?, ?)",
    args: [iso, iso],
  })
  const { token } = await createApiToken({ db: t.db, clock: systemClock }, { role: 'admin' }, { actor: 'test' })
  t.db.close()
  const rnd = createPrng(o.seed)
  const r: IdempotencyChainResult = {
    keys: 0,
    acknowledged: 0,
    replayedAfterKill: 0,
    inFlightAtKill: [],
    twoEffects: [],
    wrongAnswer: [],
    unexpected: [],
  }
  const answered = new Map<string, string>() // key → the session id its 201 named
  const retry: string[] = []
  const bodyOf = (key: string) => JSON.stringify({ kind: 'lecture', title: `讲座 ${key}`, startsAt: '2030-04-01 15:00', unitCode: 'PL' })
  const driver = await compileScript({ name: 'idempotency-driver', source: DRIVER })
  const spares = [spawnLife(driver, t.env), spawnLife(driver, t.env)]
  let clockMs = Date.now()
  try {
    for (let life = 0; life <= o.kills; life++) {
      const last = life === o.kills
      const server = spares.shift()!
      if (life + 2 <= o.kills) spares.push(spawnLife(driver, t.env))
      const t0 = Date.now()
      const port = await server.go(clockMs)
      if (process.env.XUEFA_RELIABILITY_TRACE) console.info(`life ${life}: ready in ${Date.now() - t0} ms, ${r.acknowledged} acknowledged`)
      const state = { over: false, inFlight: 0 }
      // the kill comes a seeded moment after this life's first answer: the server is warm and requests are in every phase
      let firstAnswer!: () => void
      const answering = new Promise<void>((r) => (firstAnswer = r))
      const client = async () => {
        while (!state.over) {
          const key = retry.shift() ?? (last ? undefined : `k${o.seed}-${++r.keys}`)
          if (key === undefined) return
          state.inFlight++
          let res: Response
          try {
            res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
              body: bodyOf(key),
            })
          } catch (e) {
            retry.push(key)
            if (!state.over) r.unexpected.push(`${key}: ${String(e)}`)
            return
          } finally {
            state.inFlight--
          }
          firstAnswer()
          const text = await res.text().catch(() => '')
          if (res.status !== 201) {
            retry.push(key)
            if (!state.over) r.unexpected.push(`${key}: HTTP ${res.status} ${text}`)
            if (!state.over) return
            continue
          }
          r.acknowledged++
          answered.set(key, (JSON.parse(text) as { id: string }).id)
          if (res.headers.get('idempotent-replayed') === 'true') r.replayedAfterKill++
        }
      }
      const clients = Array.from({ length: o.clients ?? 6 }, client)
      if (!last) {
        const delay = rnd.int(0, 40)
        await Promise.race([answering, Promise.all(clients)])
        await new Promise((done) => setTimeout(done, delay))
        r.inFlightAtKill.push(state.inFlight)
        state.over = true
        server.child.kill('SIGKILL')
        await server.exited
      }
      await Promise.all(clients)
      if (last) {
        server.child.kill('SIGTERM')
        await server.exited
      }
      clockMs += LIFE_GAP_MS
    }
    const db = await t.open()
    try {
      const rs = await db.execute("SELECT id, substr(title, 4) AS key FROM sessions WHERE title LIKE '讲座 %' ORDER BY id")
      const byKey = new Map<string, string[]>()
      for (const row of rs.rows) byKey.set(String(row.key), [...(byKey.get(String(row.key)) ?? []), String(row.id)])
      for (const [key, ids] of byKey) if (ids.length > 1) r.twoEffects.push(`${key}: ${ids.join(', ')}`)
      for (const [key, id] of answered) if (!byKey.get(key)?.includes(id)) r.wrongAnswer.push(`${key} answered ${id}`)
    } finally {
      db.close()
    }
    if (retry.length > 0) r.unexpected.push(`${retry.length} keys never acknowledged`)
    return r
  } finally {
    for (const s of spares) s.child.kill('SIGKILL')
    driver.remove()
    t.cleanup()
  }
}
