/**
 * A xuefa instance for the reliability tests, run as its own process: `node crash-driver.mjs DB_URL`, bundled by the
 * tests first (tests/reliability/helpers/driver.ts; `node --import tsx crash-driver.ts DB_URL` runs it too).
 * createXuefa with a wechaty-puppet-mock puppet, an HTTP port and time dilated (see dilated-clock.ts).
 * Every bound official (chat_bindings) gets a mock contact of the same contact id. The modules load first and
 * the server starts on the first stdin line, so a test can spawn the next life while the current one runs.
 *
 * stdin, one JSON per line:  {"go":"BASE,REAL_START,FACTOR"}  — start now, with that time
 *                            {"say":{"from":"wx-A001","id":"m-1","text":"A"}}  — that contact writes to the bot
 *                            {"tick":N}  — run the scheduler's tick now (it ticks every 5 real seconds by itself)
 * stdout, lines starting "@@": {"ready":true,"port":N}  then  {"heard":{"to":"wx-A001","text":"…"}} per bot message,
 *                            and {"ticked":N} when tick N has run
 * SIGTERM/SIGINT: stops as `xuefa serve` does (a second one exits at once with 130).
 */
import { createInterface } from 'node:readline'
import type { LevelWithSilent } from 'pino'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { types } from 'wechaty'
import { createXuefa } from '../../src/main.js'
import { createLogger } from '../../src/log.js'
import { decodeTime, dilatedClock, dilatedSleep } from './dilated-clock.js'

const [dbUrl] = process.argv.slice(2)
if (!dbUrl) throw new Error('usage: crash-driver.ts DB_URL, then {"go":"BASE,REAL_START,FACTOR"} on stdin')
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const first = await lines.next()
if (first.done) process.exit(0) // not needed after all
const time = decodeTime((JSON.parse(first.value) as { go: string }).go)
const clock = dilatedClock(time)
const emit = (event: object) => process.stdout.write(`@@${JSON.stringify(event)}\n`)

const mocker = new mock.Mocker()
const puppet = new PuppetMock({ mocker })
const app = await createXuefa({
  dbUrl,
  puppet,
  clock,
  port: 0,
  host: '127.0.0.1',
  sleep: dilatedSleep(time),
  env: { ...process.env, XUEFA_BOT: 'on', XUEFA_LOG_LEVEL: process.env.XUEFA_LOG_LEVEL ?? 'error' },
  // stdout carries the protocol: logs go to stderr
  logger: createLogger((process.env.XUEFA_LOG_LEVEL ?? 'error') as LevelWithSilent, process.stderr),
})

let stopping = false
const onSignal = () => {
  if (stopping) process.exit(130)
  stopping = true
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGTERM', onSignal)
process.on('SIGINT', onSignal)

await app.start()
const self = mocker.createContact({ id: 'bot-self', name: '学法助手' })
const bound = await app.db.execute("SELECT contact_id FROM chat_bindings WHERE channel = 'wechaty'")
const contacts = new Map<string, ReturnType<typeof mocker.createContact>>()
for (const row of bound.rows) {
  const id = String(row.contact_id)
  const contact = mocker.createContact({ id, name: `干部${id}` })
  ;(contact as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
    if (m.talker().id === self.id) emit({ heard: { to: id, text: m.text() } })
  })
  contacts.set(id, contact)
}
mocker.login(self)
emit({ ready: true, port: app.port })

for await (const line of { [Symbol.asyncIterator]: () => lines }) {
  const { say, tick } = JSON.parse(line) as { say?: { from: string; id: string; text: string }; tick?: number }
  if (tick !== undefined && !stopping) {
    await app.scheduler.runOnce()
    emit({ ticked: tick })
  }
  if (!say || stopping || !contacts.has(say.from)) continue
  const payload = {
    id: say.id,
    talkerId: say.from,
    listenerId: self.id,
    text: say.text,
    timestamp: clock.now().getTime(),
    type: types.Message.Text,
  }
  mocker.MessageMock.create(payload as never)
  puppet.emit('message', { messageId: say.id })
}
