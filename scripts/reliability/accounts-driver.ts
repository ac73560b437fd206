/**
 * One xuefa process of several sharing a database, each running the WeChat bot accounts of its XUEFA_BOT_RUN (tests:
 * tests/reliability/helpers/accounts-process.ts). `node accounts-driver.mjs`, bundled by the tests first; its configuration
 * (XUEFA_DB_URL, XUEFA_BOT_ACCOUNTS, XUEFA_BOT_RUN, …) comes with the first line, over its own environment.
 * createXuefa with a wechaty-puppet-mock puppet per account it runs, an HTTP port, its background loops and time
 * dilated (dilated-clock.ts). In each account's mock world every official of the roster is a contact `wx-ID`. The
 * modules (Wechaty's take seconds) load first and the server starts on the first stdin line, so a test can spawn its
 * processes before it needs them.
 *
 * stdin, one JSON per line:  {"go":"BASE,REAL_START,FACTOR","env":{…}}  — start now, with that time and configuration;
 *                              with "freeze":{"text":"…","at":N} it stops dead inside the send of the N-th message it
 *                              sends that contains the text (out, and not yet recorded as sent), for a test to kill it
 *                            {"say":{"account":"a","from":"wx-P001","text":"绑定 …"}}  — that contact writes to that account
 *                            {"tick":N}  — run the scheduler's tick now
 * stdout, lines starting "@@": {"ready":true,"port":N,"pid":N}, then {"heard":{"account":"a","to":"wx-P001","text":"…"}}
 *                            per message a bot sent to a contact, and {"ticked":N}
 */
import { createInterface } from 'node:readline'
import type { LevelWithSilent } from 'pino'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { accountsToRun, loadConfig } from '../../src/config.js'
import { createXuefa } from '../../src/main.js'
import { createLogger } from '../../src/log.js'
import { decodeTime, dilatedClock, dilatedSleep } from './dilated-clock.js'

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
// what createXuefa loads only when a bot runs, loaded before the process is needed
await import('wechaty')
const first = await lines.next()
if (first.done) process.exit(0)
const go = JSON.parse(first.value) as { go: string; env: Record<string, string>; freeze?: { text: string; at: number } }
const time = decodeTime(go.go)
const emit = (event: object) => process.stdout.write(`@@${JSON.stringify(event)}\n`)

const env: Record<string, string | undefined> = { XUEFA_LOG_LEVEL: 'error', ...process.env, ...go.env, XUEFA_BOT: 'on' }

const run = accountsToRun(loadConfig(env))
const mockers = new Map(run.map((a) => [a, new mock.Mocker()]))
const app = await createXuefa({
  puppets: Object.fromEntries([...mockers].map(([a, mocker]) => [a, new PuppetMock({ mocker })])),
  clock: dilatedClock(time),
  sleep: dilatedSleep(time),
  port: 0,
  host: '127.0.0.1',
  env,
  logger: createLogger(env.XUEFA_LOG_LEVEL as LevelWithSilent, process.stderr),
})
process.on('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
})

await app.start()
type MockContact = ReturnType<mock.Mocker['createContact']>
const officials = (await app.db.execute('SELECT id FROM officials ORDER BY id')).rows.map((r) => `wx-${String(r.id)}`)
let frozenAfter = 0
const worlds = new Map<string, { self: MockContact; contacts: Map<string, MockContact> }>()
for (const [account, mocker] of mockers) {
  const self = mocker.createContact({ id: `bot-${account}`, name: `学法助手${account}` })
  const contacts = new Map<string, MockContact>()
  for (const id of officials) {
    const contact = mocker.createContact({ id, name: id })
    ;(contact as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
      if (m.talker().id !== self.id) return
      emit({ heard: { account, to: id, text: m.text() } })
      // the contact hears the message within the bot's send: blocking here holds the process inside that send for good
      // (stdout to a pipe is written synchronously, so the test has heard it)
      if (go.freeze && m.text().includes(go.freeze.text) && ++frozenAfter === go.freeze.at)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
    })
    contacts.set(id, contact)
  }
  mocker.login(self)
  worlds.set(account, { self, contacts })
}
for (const bot of app.bots.values()) while (bot.status().state !== 'logged_in') await new Promise((r) => setTimeout(r, 5))
emit({ ready: true, port: app.port, pid: process.pid })

for await (const line of { [Symbol.asyncIterator]: () => lines }) {
  const { say, tick } = JSON.parse(line) as { say?: { account: string; from: string; text: string }; tick?: number }
  if (tick !== undefined) {
    await app.scheduler.runOnce()
    emit({ ticked: tick })
  }
  const world = say ? worlds.get(say.account) : undefined
  if (say && world) world.contacts.get(say.from)?.say(say.text).to(world.self)
}
