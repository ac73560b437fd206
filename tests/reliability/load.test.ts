/**
 * 1,000 officials answer a quiz within the same minute through the chat router, while the API is read and the
 * annual report is generated: every answer recorded, every reply sent through the pacer, no error anywhere.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { silentLogger } from '../../src/log.js'
import { RecordingChannel, type Channel } from '../../src/delivery/channel.js'
import { createPacer } from '../../src/delivery/pacer.js'
import { createChat } from '../../src/chat/create-chat.js'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { registerExamCommands } from '../../src/chat/commands/exam.js'
import { COPY } from '../../src/chat/copy.zh.js'
import { createHttpApp } from '../../src/http/app.js'
import { createApiToken } from '../../src/access/tokens.service.js'
import { incomingMessage } from '../helpers/chat.js'
import { createTestDb, testEngine, type TestDb } from '../helpers/db.js'
import { QUIZ_SESSION, seedCrashCounty } from './helpers/crash-seed.js'

// on a libSQL server every statement is a round trip (~2 ms on loopback) where the file answers in microseconds: 200
// officials there keep the same race (every answer and report at once) within the test's time
const OFFICIALS = Number(
  process.env.XUEFA_LOAD_OFFICIALS ?? (process.env.XUEFA_RELIABILITY_FULL === '1' ? 5000 : testEngine() === 'sqld' ? 200 : 1000),
)
let t: TestDb
afterEach(() => t.cleanup())

describe('a quiz answered by everyone at once', () => {
  it(`records all answers of ${OFFICIALS} officials in the same minute and sends every reply through the pacer`, async () => {
    const start = new Date('2024-03-04T02:00:00.000Z')
    const clock = new ManualClock(start)
    t = await createTestDb(clock)
    await seedCrashCounty(t.db, start, { officials: OFFICIALS, bound: OFFICIALS, answerers: 0 })
    const recording = new RecordingChannel('wechaty')
    const pacer = createPacer({ minIntervalMs: 0, clock })
    let paced = 0
    const channel: Channel = {
      name: 'wechaty',
      send: (to, m) =>
        pacer.schedule(async () => {
          paced++
          return recording.send(to, m)
        }),
    }
    const chat = createChat({ db: t.db, clock, tz: 'Asia/Shanghai', logger: silentLogger, channel }, [
      registerQuizCommands,
      registerExamCommands,
    ])
    const app = createHttpApp({ db: t.db, clock, config: loadConfig({ ...t.env, XUEFA_BOT: 'off' }), logger: silentLogger })
    const { token } = await createApiToken({ db: t.db, clock }, { role: 'admin' }, { actor: 'test' })

    let n = 0
    const say = (officialId: string, text: string) =>
      chat.handleIncoming(
        incomingMessage(text, { id: `load-${++n}`, contactId: `wx-${officialId}`, displayName: officialId, sentAt: clock.now() }),
        { rememberContact: async () => undefined },
      )
    const officials = Array.from({ length: OFFICIALS }, (_, i) => `P${String(i + 1).padStart(3, '0')}`)
    let answering = true
    const answers = Promise.all(
      officials.map(async (id, i) => {
        await say(id, '答题')
        for (let q = 0; q < 4; q++) await say(id, 'ABCD'[(i + q) % 4]!)
      }),
    ).finally(() => (answering = false))

    const statuses: number[] = []
    const get = async (path: string) => {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } })
      statuses.push(res.status)
      return res
    }
    while (answering) {
      await get(`/api/v1/sessions/${QUIZ_SESSION}`)
      await get('/api/v1/sessions?year=2024')
      await get('/api/v1/reports/annual?year=2024')
      // time moves on, but all of it within the same minute
      if (clock.now().getTime() - start.getTime() < 59_000) clock.advance(100)
    }
    await answers

    expect(statuses.length).toBeGreaterThan(3)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    const recorded = await t.db.execute(`SELECT count(*) AS answers, count(DISTINCT a.attempt_id) AS attempts FROM answers a
      JOIN attempts t ON t.id = a.attempt_id WHERE t.state = 'finished' AND a.revision = 0`)
    expect(recorded.rows[0]).toMatchObject({ answers: OFFICIALS * 4, attempts: OFFICIALS })
    const texts = recording.sent.map((s) => s.message.text)
    expect(texts.filter((x) => x === COPY.apology)).toEqual([])
    // the last feedback and the score are one message
    expect(texts.filter((x) => x.includes('\n\n测验完成'))).toHaveLength(OFFICIALS)
    expect(texts.filter((x) => x.startsWith('✅') || x.startsWith('❌'))).toHaveLength(OFFICIALS * 4)
    expect(paced).toBe(texts.length)
    expect(pacer.pending).toBe(0)
    const session = (await (await get(`/api/v1/sessions/${QUIZ_SESSION}`)).json()) as { quiz: { completed: number } }
    expect(session.quiz.completed).toBe(OFFICIALS)
  }, 120_000)
})
