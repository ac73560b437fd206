/**
 * Several xuefa processes, several WeChat bot accounts (XUEFA_BOT_RUN, wechaty-puppet-mock), one libSQL server (sqld):
 * the job and sender leases hold across processes (each notice goes out once, from the person's own account, and only
 * from a process that runs that account), and a `kill -9` of one process loses nothing it acknowledged — an API 2xx, or
 * a chat reply, means the write is on the server — while its restart takes its accounts over at once. And how two
 * writers meet on sqld: the second waits on the server; a transaction that held the lock 5 s with a writer waiting (or
 * was left open by a killed process) is rolled back, and xuefa runs its write again.
 *
 * Each process runs in time dilated 50× (5× for the kill; scripts/reliability/dilated-clock.ts), so a WeChat send
 * interval of 1–2 s takes 20–40 real ms; the database is a namespace of its own per test on one sqld for the file.
 */
import { spawn } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { ManualClock } from '../../src/clock.js'
import { issueBindCodes } from '../../src/roster/binding.service.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { isBusyError } from '../../src/storage/errors.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { dilatedNow, type DilatedTime } from '../../scripts/reliability/dilated-clock.js'
import { compileScript, type CompiledScript } from '../helpers/compile-script.js'
import { createSignal } from '../helpers/signal.js'
import { startSqld, type Sqld } from '../helpers/sqld.js'
import {
  compileAccountsDriver,
  spawnAccountsProcess,
  type AccountsProcess,
  type Heard,
  type SpawnedProcess,
} from '../reliability/helpers/accounts-process.js'
import { contactOf, seedCrashCounty, TZ } from '../reliability/helpers/crash-seed.js'

const START = Date.parse('2024-03-04T02:00:00.000Z') // 10:00 in Shanghai
const FACTOR = 50
/**
 * The kill's time runs only 5× faster: the killed process may hold a write transaction open on the server, which blocks
 * the others' writes for up to 5 real seconds (sqld then takes the lock back). That must stay well within the 60 s
 * after which a row left 'sending' counts as abandoned, as it is in real time — at 50× a live process's send held up
 * that way would be settled as in doubt.
 */
const KILL_FACTOR = 5
const TITLE = '多进程讲座'

let server: Sqld
let driver: CompiledScript
/**
 * processes spawned ahead, loading their modules (seconds of CPU, Wechaty's) while the server starts and the first test
 * waits on sqld's lock (5 s, most of it idle)
 */
const spares: SpawnedProcess[] = []
const PROCESSES = 5
beforeAll(async () => {
  driver = await compileAccountsDriver()
  for (let i = 0; i < PROCESSES; i++) spares.push(spawnAccountsProcess(driver))
  server = await startSqld({ namespaces: true })
})
afterAll(async () => {
  for (const s of spares.splice(0)) s.discard()
  driver?.remove()
  await server?.stop()
})

let namespaces = 0
const running: AccountsProcess[] = []
const opened: Db[] = []
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL')
  for (const db of opened.splice(0)) db.close()
})

/** A county on a namespace of its own: `bound` officials bound, odd ones on account a and even ones on b; the rest unbound. */
async function county(o: { officials: number; bound: number }) {
  const namespace = `procs${++namespaces}`
  await server.createNamespace(namespace)
  const db = await openDb(server.url, { namespace })
  opened.push(db)
  await runMigrations(db, new ManualClock(new Date(START)))
  const seeded = await seedCrashCounty(db, new Date(START), { officials: o.officials, bound: o.bound, answerers: 0 })
  await db.execute("UPDATE chat_bindings SET account = CASE WHEN CAST(substr(official_id, 2) AS INTEGER) % 2 = 1 THEN 'a' ELSE 'b' END")
  const accountOf = new Map(seeded.bound.map((id) => [id, Number(id.slice(1)) % 2 === 1 ? 'a' : 'b']))
  return { db, namespace, token: seeded.token, officials: seeded.officials, bound: seeded.bound, accountOf }
}

/** What was heard, by every process, as it comes; `news` wakes whoever waits on it. */
function listen() {
  const heard: Heard[] = []
  const news = createSignal()
  return {
    heard,
    news,
    onHeard: (h: Heard) => {
      heard.push(h)
      news.notify()
    },
    /** the lecture's notices heard so far */
    notices: () => heard.filter((h) => h.text.includes(TITLE)),
  }
}

async function start(
  name: string,
  namespace: string,
  run: string,
  time: DilatedTime,
  onHeard: (h: Heard) => void,
  freeze?: { text: string; at: number },
): Promise<AccountsProcess> {
  const env = {
    XUEFA_DB_URL: server.url,
    XUEFA_DB_NAMESPACE: namespace,
    XUEFA_BOT_ACCOUNTS: 'a,b',
    XUEFA_BOT_RUN: run,
    XUEFA_BANK: 'off',
  }
  const spare = spares.shift()
  if (!spare) throw new Error(`more processes than the ${PROCESSES} spawned ahead`)
  const p = await spare.go(name, env, time, onHeard, freeze)
  running.push(p)
  return p
}

/** A lecture two hours ahead (in the processes' time): its notices are due at once, to every bound official. */
async function lecture(db: Db, time: DilatedTime): Promise<void> {
  const now = dilatedNow(time)
  await createSession(
    { db, clock: new ManualClock(new Date(now)), tz: TZ },
    { id: 'S-PROCS', kind: 'lecture', title: TITLE, startsAt: new Date(now + 2 * 3_600_000), unitCode: 'PL-A' },
    { actor: 'test' },
  )
}

async function count(db: Db, sql: string): Promise<number> {
  return Number((await db.execute(sql)).rows[0]!.n)
}

const timesEach = (ids: string[]) => {
  const m = new Map<string, number>()
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1)
  return m
}

/** Resolves once no row is pending and due, or in hand ('sending'): the processes' loops have sent everything due. */
async function settled(db: Db, time: DilatedTime): Promise<void> {
  await vi.waitFor(
    async () => {
      const now = new Date(dilatedNow(time)).toISOString()
      const busy = await count(
        db,
        `SELECT count(*) AS n FROM deliveries WHERE (state = 'pending' AND not_before <= '${now}') OR state = 'sending'`,
      )
      if (busy > 0) throw new Error(`${busy} deliveries due or in hand`)
    },
    { timeout: 20_000, interval: 20 },
  )
}

/**
 * `one` holds its write transaction (a long import, say) while `two` writes, on two connections as two processes have:
 * sqld makes `two` wait, and once the transaction has held the lock 5 s with a writer waiting, gives the lock to `two`
 * and rolls `one`'s back. Its next statement fails with TRANSACTION_TIMEOUT, which counts as busy: the group commit
 * runs the write again.
 */
async function loserRunsAgain(): Promise<void> {
  const namespace = `procs${++namespaces}`
  await server.createNamespace(namespace)
  const [one, two] = await Promise.all([openDb(server.url, { namespace }), openDb(server.url, { namespace })])
  opened.push(one, two)
  await one.execute('CREATE TABLE marks (who TEXT NOT NULL)')
  const entered = createSignal()
  let runs = 0
  let stolen: unknown = null
  let twoDone = false
  const slow = one.write(async (tx) => {
    runs++
    await tx.execute("INSERT INTO marks VALUES ('one')")
    if (runs === 1) {
      entered.notify()
      await entered.until(() => twoDone)
      await tx.execute("INSERT INTO marks VALUES ('one, after two')").catch((e: unknown) => {
        stolen = e
        throw e
      })
    }
  })
  await entered.until(() => runs === 1)
  const waitFrom = performance.now()
  await two.write((tx) => tx.execute("INSERT INTO marks VALUES ('two')"))
  console.info(`a second writer waited ${Math.round(performance.now() - waitFrom)} ms for the server's lock`)
  twoDone = true
  entered.notify()
  await slow
  expect(stolen).toMatchObject({ code: 'TRANSACTION_TIMEOUT' })
  expect(isBusyError(stolen)).toBe(true)
  expect(runs).toBe(2)
  // `one`'s first try left nothing behind; its second try committed after `two`
  expect((await one.execute('SELECT who FROM marks ORDER BY rowid')).rows.map((r) => r.who)).toEqual(['two', 'one'])
}

/**
 * A process killed with -9 inside a write transaction leaves it open on the server (its lock is not released with the
 * process, as a file's is): another process's write waits until sqld takes the lock back (5 s), and the dead one's
 * writes are rolled back.
 */
async function deadHolderRolledBack(): Promise<void> {
  const namespace = `procs${++namespaces}`
  await server.createNamespace(namespace)
  const db = await openDb(server.url, { namespace })
  opened.push(db)
  await db.execute('CREATE TABLE marks (who TEXT NOT NULL)')
  const holder = await compileScript({
    name: 'tx-holder',
    source: `import { openDb } from './src/storage/db.js'
const [url, namespace] = process.argv.slice(2)
const db = await openDb(url, { namespace })
const tx = await db.client.transaction('write')
await tx.execute("INSERT INTO marks VALUES ('killed')")
process.stdout.write('held\\n')
setInterval(() => {}, 60_000)
`,
  })
  try {
    const child = spawn(process.execPath, [holder.file, server.url, namespace], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve())
      child.once('exit', (code) => reject(new Error(`the transaction's holder exited with ${code}`)))
    })
    child.kill('SIGKILL')
    const waitFrom = performance.now()
    await db.write((tx) => tx.execute("INSERT INTO marks VALUES ('alive')"))
    console.info(`a writer waited ${Math.round(performance.now() - waitFrom)} ms for the lock of a transaction whose process was killed`)
    expect((await db.execute('SELECT who FROM marks')).rows.map((r) => r.who)).toEqual(['alive'])
  } finally {
    holder.remove()
  }
}

describe('several processes, several bot accounts, one sqld', () => {
  it('two writers at once: the second waits on the server; a transaction that loses the lock to it runs again; one left open by a process killed with -9 holds it 5 s at most', async () => {
    await Promise.all([loserRunsAgain(), deadHolderRolledBack()])
  }, 60_000)

  it('two processes, one running account a and one running a and b: each notice goes out once, from the person’s own account', async () => {
    const c = await county({ officials: 24, bound: 24 })
    const time: DilatedTime = { base: START, realStart: Date.now(), factor: FACTOR }
    const l = listen()
    const procs = await Promise.all([start('P-a', c.namespace, 'a', time, l.onHeard), start('P-ab', c.namespace, 'a,b', time, l.onHeard)])
    await lecture(c.db, time)
    // both run the job tick at once: one of them claims the fan-out, and both race for account a (as in a rolling restart)
    await Promise.all(procs.map((p) => p.tick()))
    await l.news.until(() => l.notices().length >= c.bound.length)
    await settled(c.db, time)

    const notices = l.notices()
    const by = (account: string) => [...new Set(notices.filter((h) => h.account === account).map((h) => h.process))].sort()
    console.info(
      `2 processes, ${c.bound.length} notices: account a sent by ${by('a').join(' and ')}, b by ${by('b').join(' and ')}; ` +
        `per process ${procs.map((p) => `${p.name} ${notices.filter((h) => h.process === p.name).length}`).join(', ')}`,
    )
    // each person once, from the account they are bound on, and nobody twice
    expect([...timesEach(notices.map((h) => h.to))].filter(([, n]) => n > 1)).toEqual([])
    expect(notices.map((h) => h.to).sort()).toEqual(c.bound.map(contactOf).sort())
    for (const h of notices) expect(h.account).toBe(c.accountOf.get(h.to.slice(3)))
    // only a process that runs an account sends it
    expect(notices.filter((h) => h.process === 'P-a' && h.account !== 'a')).toEqual([])
    // the fan-out ran once (one job claimed by one process), and every row went out
    expect(
      await count(c.db, "SELECT count(*) AS n FROM jobs WHERE session_id = 'S-PROCS' AND kind = 'session.materials' AND state = 'done'"),
    ).toBe(1)
    expect(await count(c.db, "SELECT count(*) AS n FROM deliveries WHERE state = 'sent'")).toBe(c.bound.length)
    expect(await count(c.db, "SELECT count(*) AS n FROM deliveries WHERE state <> 'sent'")).toBe(0)
  }, 60_000)

  it('kill -9 of one process: nothing it acknowledged is lost, nothing goes out twice, its restart takes its account over at once', async () => {
    const c = await county({ officials: 30, bound: 20 })
    const unbound = c.officials.filter((id) => !c.bound.includes(id))
    const issued = await issueBindCodes({ db: c.db, clock: new ManualClock(new Date(START)) }, { accounts: ['a'] }, { actor: 'test' })
    const codes = new Map(issued.map((x) => [x.officialId, x.code]))
    const time: DilatedTime = { base: START, realStart: Date.now(), factor: KILL_FACTOR }
    const l = listen()
    // P-a stops dead inside the send of its FREEZE_AT-th notice (the message out, its row still 'sending'), where it is killed
    const FREEZE_AT = 5
    const [victim, other] = await Promise.all([
      start('P-a', c.namespace, 'a', time, l.onHeard, { text: TITLE, at: FREEZE_AT }),
      start('P-b', c.namespace, 'b', time, l.onHeard),
    ])

    // before and while it sends account a's notices, P-a takes API writes and chat commands; what it answered is acknowledged
    let killed = false
    const apiAcked: string[] = []
    /** POST /sessions, the n-th, with its own Idempotency-Key */
    const post = (base: string, n: number) =>
      fetch(`${base}/api/v1/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'idempotency-key': `k-${n}` },
        body: JSON.stringify({ kind: 'lecture', title: `接口讲座${n}`, startsAt: '2024-09-02 09:00', unitCode: 'PL-A' }),
      })
    const api = (async () => {
      for (let n = 1; !killed; n++) {
        try {
          const res = await post(victim.base, n)
          if (res.status !== 201) throw new Error(`POST /sessions answered ${res.status}: ${await res.text()}`)
          apiAcked.push(((await res.json()) as { id: string }).id)
          l.news.notify()
        } catch (e) {
          if (!killed) throw e
        }
      }
    })()
    const bindOk = (id: string) => l.heard.some((h) => h.process === 'P-a' && h.to === contactOf(id) && h.text === COPY.bindOk(`干部${id}`))
    const chatAcked: string[] = []
    // three bind before the fan-out, the others while it goes out (a reply takes the account's next slot, ahead of notices)
    let fanningOut = false
    const chat = (async () => {
      for (const id of unbound) {
        if (chatAcked.length === 3) await l.news.until(() => killed || fanningOut)
        if (killed) return
        victim.say('a', contactOf(id), `绑定 ${codes.get(id)}`)
        await l.news.until(() => killed || bindOk(id))
        if (killed) return
        chatAcked.push(id)
      }
    })()
    await l.news.until(() => apiAcked.length >= 2 && chatAcked.length >= 3)
    await lecture(c.db, time)
    // the tick's answer may never come: the process can freeze before it is written
    const ticked = victim.tick().catch(() => undefined)
    fanningOut = true
    l.news.notify()
    await l.news.until(() => l.notices().filter((h) => h.process === 'P-a').length >= FREEZE_AT)
    victim.child.kill('SIGKILL')
    killed = true
    l.news.notify()
    expect(await victim.exited).toBeNull()
    await Promise.all([api, chat, ticked])
    const byVictim = l.notices().filter((h) => h.process === 'P-a')
    expect(byVictim).toHaveLength(FREEZE_AT)

    // P-a again (another pid): it finds its predecessor dead (owner.ts) and takes account a over at once
    await start('P-a2', c.namespace, 'a', time, l.onHeard)
    const readyAt = performance.now()
    await l.news.until(() => l.notices().some((h) => h.process === 'P-a2'))
    const takeover = performance.now() - readyAt
    await settled(c.db, time)

    // the request in flight at the kill, retried with its key on the other process: it runs there exactly once (the dead
    // process's claim on the key is taken over at once), or answers what had committed
    const inFlight = apiAcked.length + 1
    const retried = await post(other.base, inFlight)
    expect(retried.status).toBe(201)
    expect(await count(c.db, `SELECT count(*) AS n FROM sessions WHERE title = '接口讲座${inFlight}'`)).toBe(1)
    const again = await post(other.base, 1)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(((await again.json()) as { id: string }).id).toBe(apiAcked[0])

    const onServer = async (sql: string, ids: string[]) =>
      (await c.db.execute({ sql, args: [JSON.stringify(ids)] })).rows.map((r) => String(r.id)).sort()
    expect(await onServer('SELECT id FROM sessions WHERE id IN (SELECT value FROM json_each(?))', apiAcked)).toEqual([...apiAcked].sort())
    const boundOnA = "SELECT official_id AS id FROM chat_bindings WHERE account = 'a' AND official_id IN (SELECT value FROM json_each(?))"
    expect(await onServer(boundOnA, chatAcked)).toEqual([...chatAcked].sort())

    const notices = l.notices()
    const twice = [...timesEach(notices.map((h) => h.to))].filter(([, n]) => n > 1)
    const ambiguous = (await c.db.execute("SELECT recipient FROM deliveries WHERE outcome = 'ambiguous'")).rows.map((r) =>
      contactOf(String(r.recipient).slice('official:'.length)),
    )
    // the notice's rows: everyone bound when the fan-out ran (those who bound by chat before it included), each with the
    // account they are bound on
    const planned = (
      await c.db.execute("SELECT recipient, account FROM deliveries WHERE job_id IN (SELECT id FROM jobs WHERE session_id = 'S-PROCS')")
    ).rows.map((r) => ({
      to: contactOf(String(r.recipient).slice('official:'.length)),
      account: String(r.account),
    }))
    expect(planned.length).toBeGreaterThan(c.bound.length)
    const missing = planned.map((p) => p.to).filter((to) => !notices.some((h) => h.to === to))
    const from = (p: string) => notices.filter((h) => h.process === p).length
    console.info(
      `kill -9 of P-a inside the send of its notice ${FREEZE_AT}, ${apiAcked.length} API writes and ${chatAcked.length} chat bindings acknowledged (all found on sqld); ` +
        `then P-a2 sent ${from('P-a2')} (its first ${Math.round(takeover)} ms after it was ready, ${Math.round((takeover * KILL_FACTOR) / 1000)} s in its time), P-b ${from('P-b')}; in doubt (ambiguous) ${ambiguous.length}, missing ${missing.length}, twice ${twice.length}`,
    )
    expect(twice).toEqual([])
    // the one send in flight at the kill is in doubt (it went out, but was not recorded): settled as ambiguous, never
    // sent again; nobody is missing
    expect(ambiguous).toEqual([byVictim[FREEZE_AT - 1]!.to])
    expect(missing).toEqual([])
    expect(notices.map((h) => `${h.to} ${h.account}`).sort()).toEqual(planned.map((p) => `${p.to} ${p.account}`).sort())
    expect(notices.filter((h) => h.process === 'P-b' && h.account !== 'b')).toEqual([])
    expect(await count(c.db, "SELECT count(*) AS n FROM deliveries WHERE state IN ('pending', 'sending')")).toBe(0)
  }, 60_000)
})
