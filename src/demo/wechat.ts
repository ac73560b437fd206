/**
 * Simulated WeChat users over Wechaty's mock puppet. Each person has a mock contact and an inbox of what the
 * bot sent them. Messages are dated by the demo's manual clock (the mock would date them by the wall clock,
 * and the bot ignores messages that look minutes old). Every wait polls with a bounded timeout and fails
 * with what was awaited and what arrived instead.
 */
import { types } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import type { Clock } from '../clock.js'
import { DEMO_COPY as C } from './copy.zh.js'

type ContactMock = ReturnType<mock.Mocker['createContact']>

export interface SimPerson {
  officialId: string
  name: string
  contact: ContactMock
  /** every text the bot sent this person, in order */
  inbox: string[]
}

export interface WeChatWorld {
  readonly puppet: PuppetMock
  /** logs the bot's account in and waits until the bot says it is logged in */
  login(isLoggedIn: () => boolean): Promise<void>
  person(officialId: string, name: string): SimPerson
  /** sends `text` and waits until the replies since then satisfy `done`; returns those replies */
  ask(p: SimPerson, text: string, done: (replies: string[]) => boolean, what: string): Promise<string[]>
  /** waits until the person's inbox (from index `from`) has a text matching `match` */
  expectMessage(p: SimPerson, match: (text: string) => boolean, what: string, from?: number): Promise<string>
}

/** WeChat keeps the remark the bot writes on a contact (its binding key); the mock forgets it, so keep it here. */
class RemarkKeepingPuppet extends PuppetMock {
  // biome-ignore lint/suspicious/noExplicitAny: overrides PuppetMock's two overloads (reads a string, writes nothing) with one body
  override async contactAlias(contactId: string, alias?: string | null): Promise<any> {
    const payload = this.mocker.contactPayload(contactId) as { alias?: string }
    if (alias === undefined) return payload.alias ?? ''
    payload.alias = alias ?? undefined
  }
}

export class DemoStepError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DemoStepError'
  }
}

const POLL_MS = 5

export async function waitUntil<T>(probe: () => T | undefined | null | false, timeoutMs: number, failure: () => string): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > until) throw new DemoStepError(failure())
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}

export function createWeChatWorld(clock: Clock, timeoutMs = 15_000): WeChatWorld {
  const mocker = new mock.Mocker()
  const puppet = new RemarkKeepingPuppet({ mocker })
  const bot = mocker.createContact({ name: C.botName })
  let seq = 0

  function say(p: SimPerson, text: string): void {
    const id = `demo-msg-${++seq}`
    mocker.MessageMock.create({
      id,
      talkerId: p.contact.id,
      listenerId: bot.id,
      text,
      timestamp: clock.now().getTime(),
      type: types.Message.Text,
    } as never)
    puppet.emit('message', { messageId: id })
  }

  const shown = (texts: string[]) => (texts.length ? texts.map((t) => JSON.stringify(t.slice(0, 80))).join(', ') : 'nothing')

  return {
    puppet,
    async login(isLoggedIn) {
      mocker.login(bot)
      await waitUntil(isLoggedIn, timeoutMs, () => 'the bot did not log in to the mock WeChat account')
    },
    person(officialId, name) {
      const contact = mocker.createContact({ name })
      const p: SimPerson = { officialId, name, contact, inbox: [] }
      // the mock contact is an EventEmitter at run time; its typings do not say so
      ;(contact as unknown as NodeJS.EventEmitter).on('message', (m: { talker(): { id: string }; text(): string }) => {
        if (m.talker().id === bot.id) p.inbox.push(m.text())
      })
      return p
    },
    async ask(p, text, done, what) {
      const from = p.inbox.length
      say(p, text)
      await waitUntil(
        () => done(p.inbox.slice(from)),
        timeoutMs,
        () => `${p.name} sent "${text}" and waited for ${what}; the bot said ${shown(p.inbox.slice(from))}`,
      )
      return p.inbox.slice(from)
    },
    expectMessage(p, match, what, from = 0) {
      return waitUntil(
        () => p.inbox.slice(from).find(match),
        timeoutMs,
        () => `${p.name} waited for ${what}; the bot said ${shown(p.inbox.slice(from))}`,
      )
    },
  }
}
