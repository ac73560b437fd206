/**
 * Anything typed in WeChat — any Unicode, emoji, control characters, 100,000 characters, trigger words with junk
 * after them, from bound officials, an organizer and strangers — gets a proper reply or none: never the apology of
 * a failed handler, never more than a few replies, never more than one processed-message row per message.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { normalizeChatText } from '../../src/chat/normalize.js'
import { bindDirectly, createChatHarness, type ChatHarness } from '../helpers/chat.js'
import { rowCounts } from './helpers/row-counts.js'

const FULL = process.env.XUEFA_RELIABILITY_FULL === '1'
let h: ChatHarness
beforeAll(async () => {
  h = await createChatHarness()
  await bindDirectly(h.db, 'A001', 'wx-a001')
  await bindDirectly(h.db, 'O001', 'wx-o001')
})
afterAll(() => h.cleanup())

const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c))
const weird = fc.constantFrom(
  '\u200b',
  '\u2005',
  '\u3000',
  '\uFEFF',
  '\u202e',
  '\ud800',
  '\udfff',
  '👨‍👩‍👧‍👦',
  '🙂',
  '̀',
  'Ａ',
  '１２３４５６',
  '@学法助手',
  '@',
  '\u0000',
)
const junk = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 10 }), control, weird), {
    maxLength: 12,
  })
  .map((xs) => xs.join(''))
const trigger = fc.constantFrom(
  '',
  '绑定',
  '签到',
  '请假',
  '答题',
  '我的学法',
  '帮助',
  '任前考试',
  '统计',
  '提醒',
  '安排学法',
  '确认',
  '取消',
  'A',
  'ACD',
  '对',
  '×',
  'ABCDA',
  '1A 2BC 3对',
  '#12 1A',
  '＃１２',
  'help',
  '?',
)
const text = fc.oneof(
  fc.tuple(trigger, fc.constantFrom('', ' ', '　'), junk).map(([t, s, j]) => `${t}${s}${j}`),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
)
const sender = fc.constantFrom('wx-a001', 'wx-o001', 'wx-stranger')

describe('any chat text', () => {
  it('never crashes a handler, floods the person or writes half an effect', async () => {
    let answered = 0
    await fc.assert(
      fc.asyncProperty(text, sender, fc.boolean(), async (body, contactId, inRoom) => {
        const before = await rowCounts(h.db)
        const replies = await h.send(body, { contactId, roomId: inRoom ? 'room-1' : null, mentioned: inRoom })
        expect(replies).not.toContain(COPY.apology)
        expect(replies.length).toBeLessThanOrEqual(4)
        for (const r of replies) expect(r.trim()).not.toBe('')
        if (replies.length > 0) answered++
        const after = await rowCounts(h.db)
        expect(after.processed_messages - before.processed_messages).toBeLessThanOrEqual(2) // the message, and the unbound notice of the day
      }),
      { numRuns: FULL ? 2000 : 200 },
    )
    expect(answered).toBeGreaterThan(20) // the messages did reach the commands
  })

  it('takes 100,000 characters of text as any other', async () => {
    const long = '签到'.repeat(50_000)
    for (const contactId of ['wx-a001', 'wx-stranger']) {
      const replies = await h.send(long, { contactId })
      expect(replies).not.toContain(COPY.apology)
      expect(replies.length).toBeLessThanOrEqual(1)
    }
    expect(normalizeChatText(`@学法助手\u2005${'a '.repeat(50_000)}`, ['学法助手']).length).toBeLessThanOrEqual(100_000)
  })

  it('normalizes any string without throwing, to text with no run of spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), (s, names) => {
        const out = normalizeChatText(s, names)
        expect(out).toBe(out.trim())
        expect(out).not.toMatch(/ {2}/)
      }),
      { numRuns: FULL ? 20_000 : 2000 },
    )
  })
})
