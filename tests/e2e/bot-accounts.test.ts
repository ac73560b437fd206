/**
 * Two WeChat bot accounts over Wechaty's mock puppet, one process (createXuefa) per account on one database file
 * (XUEFA_BOT_RUN): people bind on the account they write to, a fan-out reaches each person from their own account,
 * each process sends only its own account's rows, and a reply comes from the account written to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { ManualClock } from '../../src/clock.js'
import { createXuefa, type Xuefa } from '../../src/main.js'
import { COPY } from '../../src/chat/copy.zh.js'
import { issueBindCodes } from '../../src/roster/binding.service.js'
import { createSession } from '../../src/sessions/sessions.service.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { rows } from '../helpers/chat.js'
import { waitFor } from '../helpers/wait-for.js'
import { contactOf, seedCrashCounty, TZ } from '../reliability/helpers/crash-seed.js'

const START = new Date('2024-03-04T02:00:00.000Z')
type MockContact = ReturnType<mock.Mocker['createContact']>

interface Account {
  name: 'a' | 'b'
  mocker: mock.Mocker
  self: MockContact
  app: Xuefa
  /** each person as a contact of this account (the same WeChat user has added both) */
  people: Map<string, MockContact>
}

describe('two bot accounts, one process each, on one database', () => {
  let t: TestDb
  const clock = new ManualClock(START)
  const sleep = async (ms: number) => void clock.advance(ms)
  /** what each account said to each person: `${account}:${officialId}` → texts */
  const heard = new Map<string, string[]>()
  const accounts = {} as Record<'a' | 'b', Account>
  const officials = ['P001', 'P002', 'P003', 'P004']
  const codes = new Map<string, { code: string; account: string }>()

  async function openAccount(name: 'a' | 'b'): Promise<Account> {
    const mocker = new mock.Mocker()
    const app = await createXuefa({
      puppets: { [name]: new PuppetMock({ mocker }) },
      clock,
      loops: false,
      sleep,
      env: { ...t.env, XUEFA_BOT: 'on', XUEFA_BANK: 'off', XUEFA_BOT_ACCOUNTS: 'a,b', XUEFA_BOT_RUN: name, XUEFA_LOG_LEVEL: 'silent' },
    })
    await app.start()
    app.bot!.supervisor.stop()
    const self = mocker.createContact({ id: `bot-${name}`, name: `学法助手${name}` })
    const people = new Map<string, MockContact>()
    for (const id of officials) {
      const c = mocker.createContact({ id: contactOf(id), name: id })
      ;(c as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
        if (m.talker().id === self.id) heard.set(`${name}:${id}`, [...(heard.get(`${name}:${id}`) ?? []), m.text()])
      })
      people.set(id, c)
    }
    mocker.login(self)
    await waitFor(() => app.bot!.status().state === 'logged_in', `account ${name} logged in`)
    return { name, mocker, self, app, people }
  }

  /** `officialId` writes `text` to account `to` and waits for the next thing that account says to them */
  async function write(officialId: string, to: 'a' | 'b', text: string): Promise<string> {
    const key = `${to}:${officialId}`
    const seen = heard.get(key)?.length ?? 0
    const acc = accounts[to]
    acc.people.get(officialId)!.say(text).to(acc.self)
    return waitFor(() => heard.get(key)?.[seen], `a reply from ${to} to ${officialId}`)
  }

  beforeAll(async () => {
    t = await createTestDb(clock)
    await seedCrashCounty(t.db, START, { officials: officials.length, bound: 0, answerers: 0 })
    for (const c of await issueBindCodes({ db: t.db, clock }, { accounts: ['a', 'b'] }, { actor: 'test' }))
      codes.set(c.officialId, { code: c.code, account: c.account })
    accounts.a = await openAccount('a')
    accounts.b = await openAccount('b')
  })
  afterAll(async () => {
    await accounts.a?.app.stop()
    await accounts.b?.app.stop()
    t?.cleanup()
  })

  it('spreads the binding codes over the two accounts', () => {
    expect([...codes.values()].map((c) => c.account).sort()).toEqual(['a', 'a', 'b', 'b'])
  })

  it('binds each person to the account they wrote 绑定 to, even when the code named the other one', async () => {
    const [p1, p2, p3] = officials.map((id) => codes.get(id)!)
    // P001's code names one account; P001 adds the other and writes there
    const other = p1!.account === 'a' ? 'b' : 'a'
    expect(await write('P001', other, `绑定 ${p1!.code}`)).toBe(COPY.bindOk('干部P001'))
    expect(await write('P002', 'b', `绑定 ${p2!.code}`)).toBe(COPY.bindOk('干部P002'))
    expect(await write('P003', 'a', `绑定 ${p3!.code}`)).toBe(COPY.bindOk('干部P003'))
    expect(await rows(t.db, 'SELECT official_id, account FROM chat_bindings ORDER BY official_id')).toEqual([
      { official_id: 'P001', account: other },
      { official_id: 'P002', account: 'b' },
      { official_id: 'P003', account: 'a' },
    ])
    // nothing was said to anyone from the account they did not write to
    expect(heard.get(`${p1!.account}:P001`)).toBeUndefined()
  })

  it('sends a fan-out to each person from their own account, each process only its own account', async () => {
    const bound = await rows<{ official_id: string; account: string }>(t.db, 'SELECT official_id, account FROM chat_bindings')
    const accountOf = new Map(bound.map((b) => [b.official_id, b.account]))
    const before = new Map([...heard].map(([k, v]) => [k, v.length]))
    await createSession(
      { db: t.db, clock, tz: TZ },
      {
        id: 'S-TWO',
        kind: 'lecture',
        title: '两个账号的讲座',
        startsAt: new Date(clock.now().getTime() + 3 * 3_600_000),
        unitCode: 'PL-A',
      },
      { actor: 'test' },
    )
    expect(await accounts.a.app.scheduler.runOnce()).toMatchObject({ failed: 0 })
    const planned = await rows<{ recipient: string; account: string }>(
      t.db,
      "SELECT recipient, account FROM deliveries WHERE channel = 'wechaty' ORDER BY recipient",
    )
    // P004 never bound: no row; the others' rows carry their own accounts
    expect(planned).toEqual(['P001', 'P002', 'P003'].map((id) => ({ recipient: `official:${id}`, account: accountOf.get(id) })))

    const newTexts = (key: string) => (heard.get(key) ?? []).slice(before.get(key) ?? 0)
    const lectureTo = (account: string) =>
      ['P001', 'P002', 'P003'].filter((id) => newTexts(`${account}:${id}`).some((x) => x.includes('两个账号的讲座')))
    const onA = ['P001', 'P002', 'P003'].filter((id) => accountOf.get(id) === 'a')
    const onB = ['P001', 'P002', 'P003'].filter((id) => accountOf.get(id) === 'b')

    await accounts.a.app.delivery.drainOnce()
    expect(lectureTo('a')).toEqual(onA)
    expect(lectureTo('b')).toEqual([])
    expect(await rows(t.db, "SELECT account, state FROM deliveries WHERE state = 'pending'")).toEqual(
      onB.map(() => ({ account: 'b', state: 'pending' })),
    )
    await accounts.b.app.delivery.drainOnce()
    expect(lectureTo('b')).toEqual(onB)
    expect(lectureTo('a')).toEqual(onA)
    expect(await rows(t.db, "SELECT count(*) AS n FROM deliveries WHERE state <> 'sent'")).toEqual([{ n: 0 }])
  })

  it('answers from the account written to, whichever account the person is bound on', async () => {
    const helpA = await write('P003', 'a', '帮助')
    // P003 is bound on a and writes to b: b answers, with the same words
    expect(await write('P003', 'b', '帮助')).toBe(helpA)
    expect(helpA).not.toBe(COPY.unbound)
    // an unbound person is told how to bind by the account they wrote to
    expect(await write('P004', 'b', '签到')).toBe(COPY.unbound)
    expect(heard.get('a:P004')).toBeUndefined()
  })

  it('shows on the bot status each account the process runs', async () => {
    const { createApiToken } = await import('../../src/access/tokens.service.js')
    const { token } = await createApiToken({ db: t.db, clock }, { role: 'admin' }, { actor: 'test' })
    const res = await accounts.b.app.fetch(new Request('http://xuefa/api/v1/bot/status', { headers: { authorization: `Bearer ${token}` } }))
    const body = (await res.json()) as { state: string; accounts: { account: string; state: string }[] }
    // a process lists the accounts it runs (the other process shows its own)
    expect(body.accounts).toEqual([expect.objectContaining({ account: 'b', state: 'logged_in' })])
    expect(body.state).toBe('logged_in')
  })
})

describe('one process running both accounts', () => {
  let t: TestDb
  let app: Xuefa
  const clock = new ManualClock(START)
  const sleep = async (ms: number) => void clock.advance(ms)
  const heard = new Map<string, string[]>()
  const selves = new Map<string, MockContact>()
  const people = new Map<string, MockContact>()

  beforeAll(async () => {
    t = await createTestDb(clock)
    await seedCrashCounty(t.db, START, { officials: 2, bound: 2, answerers: 0 })
    await t.db.execute("UPDATE chat_bindings SET account = 'b' WHERE official_id = 'P002'")
    await t.db.execute("UPDATE chat_bindings SET account = 'a' WHERE official_id = 'P001'")
    const mockers = { a: new mock.Mocker(), b: new mock.Mocker() }
    app = await createXuefa({
      puppets: { a: new PuppetMock({ mocker: mockers.a }), b: new PuppetMock({ mocker: mockers.b }) },
      clock,
      loops: false,
      sleep,
      env: { ...t.env, XUEFA_BOT: 'on', XUEFA_BANK: 'off', XUEFA_BOT_ACCOUNTS: 'a,b', XUEFA_LOG_LEVEL: 'silent' },
    })
    await app.start()
    for (const [name, mocker] of Object.entries(mockers)) {
      app.bots.get(name)!.supervisor.stop()
      const self = mocker.createContact({ id: `bot-${name}`, name: `学法助手${name}` })
      selves.set(name, self)
      for (const id of ['P001', 'P002']) {
        const c = mocker.createContact({ id: contactOf(id), name: id })
        ;(c as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
          if (m.talker().id === self.id) heard.set(`${name}:${id}`, [...(heard.get(`${name}:${id}`) ?? []), m.text()])
        })
        people.set(`${name}:${id}`, c)
      }
      mocker.login(self)
      await waitFor(() => app.bots.get(name)!.status().state === 'logged_in', `account ${name} logged in`)
    }
  })
  afterAll(async () => {
    await app?.stop()
    t?.cleanup()
  })

  it('drains both accounts, each person hearing from their own, and routes a nudge by the official’s account', async () => {
    await createSession(
      { db: t.db, clock, tz: TZ },
      {
        id: 'S-ONE',
        kind: 'lecture',
        title: '一个进程的讲座',
        startsAt: new Date(clock.now().getTime() + 3 * 3_600_000),
        unitCode: 'PL-A',
      },
      { actor: 'test' },
    )
    expect(await app.scheduler.runOnce()).toMatchObject({ failed: 0 })
    await app.delivery.drainOnce()
    const lecture = (key: string) => (heard.get(key) ?? []).filter((x) => x.includes('一个进程的讲座')).length
    expect(['a:P001', 'b:P001', 'a:P002', 'b:P002'].map(lecture)).toEqual([1, 0, 0, 1])
    // what the chat sends to an official of its own accord (提醒's nudges) goes out from that official's account
    await app.chat!.deps.channel.send({ kind: 'official', officialId: 'P002' }, { text: '请尽快签到', tag: 'test' })
    await waitFor(() => heard.get('b:P002')?.includes('请尽快签到') || undefined, 'the nudge on b')
    expect(heard.get('a:P002')).toBeUndefined()
    // and a reply from the account written to
    const seen = heard.get('a:P002')?.length ?? 0
    people.get('a:P002')!.say('帮助').to(selves.get('a')!)
    await waitFor(() => heard.get('a:P002')?.[seen], 'the reply on a')
    const status = app.bots.get('a')!.status()
    expect([status.account, app.bots.get('b')!.status().account]).toEqual(['a', 'b'])
  })
})
