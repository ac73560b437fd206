import { describe, expect, it } from 'vitest'
import { normalizeChatText } from '../../src/chat/normalize.js'
import { createRouter, matchTrigger } from '../../src/chat/router.js'
import { createChatContext } from '../../src/chat/context.js'
import { RecordingChannel } from '../../src/delivery/channel.js'
import { silentLogger } from '../../src/log.js'
import { COPY, TRIGGERS } from '../../src/chat/copy.zh.js'

describe('normalizeChatText', () => {
  it.each([
    ['签到', '签到'],
    ['签 到', '签到'],
    ['  签　到  ', '签到'],
    ['签\u3000到', '签到'],
    ['绑定　１２３４５６', '绑定 123456'],
    ['绑定   123456', '绑定 123456'],
    ['@学法助手 签到', '签到'],
    ['@学法助手\u2005签到', '签到'],
    ['＠学法助手　签到', '签到'],
    ['@学法 助手 签到', '签到'], // a known name with a space
    ['签到 @学法助手', '签到'],
    ['请假  外出 开会', '请假外出开会'],
    ['ＡＣＤ', 'ACD'],
    ['安排学法 ３月５日 ９：００ 县政府常务会议 《行政复议法》', '安排学法 3月5日 9:00 县政府常务会议 《行政复议法》'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeChatText(input, ['学法助手', '学法 助手'])).toBe(expected)
  })
})

describe('matchTrigger', () => {
  it.each([
    ['签到', '签到', ''],
    ['签到了', '签到', '了'],
    ['绑定 123456', '绑定', '123456'],
    ['绑定123456', '绑定', '123456'],
    ['请假因病', '请假', '因病'],
    ['HELP', 'help', ''],
    ['helpme', 'help', null],
    ['我的学法', '签到', null],
    ['到签', '签到', null],
  ])('%j against %j → %j', (text, trigger, expected) => {
    expect(matchTrigger(text, trigger)).toBe(expected)
  })
})

function ctxFor(text: string, channel = new RecordingChannel()) {
  return createChatContext(
    {
      id: 'm1',
      channel: 'test',
      contactId: 'c1',
      contactAlias: null,
      displayName: 'x',
      roomId: null,
      mentioned: false,
      text,
      sentAt: new Date(0),
      fromSelf: false,
      fromBot: false,
      botNames: ['学法助手'],
    },
    channel,
    { rememberContact: async () => undefined },
  )
}

describe('router', () => {
  function build(log: string[]) {
    return createRouter({ logger: silentLogger, apology: COPY.apology })
      .use(async (ctx, next) => {
        log.push(`filter:${ctx.text}`)
        if (ctx.text !== 'blocked') await next()
      })
      .command(TRIGGERS.checkin, async (ctx) => void log.push(`checkin:${ctx.args}`))
      .command(TRIGGERS.bind, async (ctx) => void log.push(`bind:${ctx.args}`))
      .command('boom', async () => {
        throw new Error('kaput')
      })
      .fallback(async (ctx) => void log.push(`fallback:${ctx.text}`))
  }

  it.each([
    ['签到', 'checkin:'],
    ['签 到', 'checkin:'],
    ['@学法助手 签到', 'checkin:'],
    ['＠学法助手\u2005签 到', 'checkin:'],
    ['绑定　１２３４５６', 'bind:123456'],
    ['绑定 123456', 'bind:123456'],
    ['你好', 'fallback:你好'],
    ['签', 'fallback:签'],
  ])('%j is routed to %j', async (text, expected) => {
    const log: string[] = []
    await build(log).handle(ctxFor(text))
    expect(log.at(-1)).toBe(expected)
  })

  it('a filter that does not call next stops the message before any command', async () => {
    const log: string[] = []
    await build(log).handle(ctxFor('blocked'))
    expect(log).toEqual(['filter:blocked'])
  })

  it('runs commands in registration order and features added later still come before the fallback', async () => {
    const log: string[] = []
    const router = build(log)
    router.command(/^[A-F]+$/, async (ctx) => void log.push(`answer:${ctx.args}`))
    await router.handle(ctxFor('ＡＣ'))
    expect(log.at(-1)).toBe('answer:AC')
  })

  it('an unexpected error becomes a polite apology, not a crash', async () => {
    const channel = new RecordingChannel()
    await build([]).handle(ctxFor('boom', channel))
    expect(channel.sent.map((s) => s.message.text)).toEqual([COPY.apology])
    expect(channel.sent[0]?.to).toEqual({ kind: 'contact', contactId: 'c1' })
  })
})
