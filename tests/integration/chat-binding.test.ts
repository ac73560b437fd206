import { afterEach, describe, expect, it } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { issueBindCodes, hashBindCode } from '../../src/roster/binding.service.js'
import { addBindCode, bindDirectly, createChatHarness, rows, type ChatHarness } from '../helpers/chat.js'

let h: ChatHarness
afterEach(() => h?.cleanup())

const bindings = () => rows(h.db, 'SELECT official_id, contact_id, alias_key FROM chat_bindings ORDER BY official_id')

describe('绑定 through the chat router', () => {
  it('binds with a valid code, writes the alias into the contact remark, and the code works once', async () => {
    h = await createChatHarness()
    await addBindCode(h.db, 'A001', '123456', '2024-03-10T00:00:00.000Z')
    expect(await h.send('绑定 123456')).toEqual([COPY.bindOk('张三')])
    const [b] = await bindings()
    expect(b).toMatchObject({ official_id: 'A001', contact_id: 'wx-a001' })
    expect(h.aliases.get('wx-a001')).toBe(b?.alias_key)
    expect((await rows(h.db, 'SELECT used_at FROM bind_codes'))[0]?.used_at).toBe('2024-03-05T00:00:00.000Z')
    expect(await h.send('绑定 123456')).toEqual([COPY.bindAlready('张三')])
    expect(await h.send('绑定 123456', { contactId: 'wx-other' })).toEqual([COPY.bindUsed])
    expect(await bindings()).toHaveLength(1)
  })

  it.each([
    ['wrong code', '654321', COPY.bindWrong(4)],
    ['expired code', '222222', COPY.bindExpired],
    ['used code', '333333', COPY.bindUsed],
    ['no code', '', COPY.bindUsage],
    ['not six digits', '12ab', COPY.bindUsage],
  ])('%s gets its own reply and binds nobody', async (_name, code, reply) => {
    h = await createChatHarness()
    await addBindCode(h.db, 'A001', '123456', '2024-03-10T00:00:00.000Z')
    await addBindCode(h.db, 'A002', '222222', '2024-03-04T00:00:00.000Z')
    await addBindCode(h.db, 'B001', '333333', '2024-03-10T00:00:00.000Z', '2024-03-01T00:00:00.000Z')
    expect(await h.send(`绑定 ${code}`)).toEqual([reply])
    expect(await bindings()).toEqual([])
    expect(await rows(h.db, 'SELECT 1 FROM bind_codes WHERE used_at IS NOT NULL')).toHaveLength(1)
  })

  it('locks an account for an hour after 5 failures within an hour, even for the right code', async () => {
    h = await createChatHarness()
    await addBindCode(h.db, 'A001', '123456', '2024-03-10T00:00:00.000Z')
    const replies: string[] = []
    for (let i = 0; i < 5; i++) {
      replies.push(...(await h.send(`绑定 00000${i}`)))
      h.clock.advanceMinutes(10)
    }
    expect(replies.slice(0, 4)).toEqual([COPY.bindWrong(4), COPY.bindWrong(3), COPY.bindWrong(2), COPY.bindWrong(1)])
    expect(replies[4]).toBe(COPY.bindLocked('3月5日 09:40')) // 5th failure at 08:40 local
    expect(await h.send('绑定 123456')).toEqual([COPY.bindLocked('3月5日 09:40')])
    expect(await h.send('绑定 123456', { contactId: 'wx-somebody-else' })).toEqual([COPY.bindOk('张三')])
  })

  it('unlocks an hour after the fifth failure', async () => {
    h = await createChatHarness()
    await addBindCode(h.db, 'A001', '123456', '2024-03-10T00:00:00.000Z')
    for (let i = 0; i < 5; i++) await h.send(`绑定 99999${i}`)
    h.clock.advanceMinutes(59)
    expect(await h.send('绑定 123456')).toEqual([COPY.bindLocked('3月5日 09:00')])
    h.clock.advanceMinutes(1)
    expect(await h.send('绑定 123456')).toEqual([COPY.bindOk('张三')])
  })

  it('refuses a code whose official is bound to another account', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A001', 'wx-old')
    await addBindCode(h.db, 'A001', '123456', '2024-03-10T00:00:00.000Z')
    expect(await h.send('绑定 123456')).toEqual([COPY.bindTaken])
    expect(await bindings()).toEqual([{ official_id: 'A001', contact_id: 'wx-old', alias_key: 'key-A001' }])
  })
})

describe('issueBindCodes', () => {
  it('issues one six-digit code per unbound official of the unit and below, stored only as a hash', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A002', 'wx-a002')
    const codes = await issueBindCodes({ db: h.db, clock: h.clock }, { unitCode: 'SFJ', validDays: 7 }, { actor: 'test' })
    expect(codes.map((c) => c.officialId)).toEqual(['A001'])
    expect(codes[0]?.code).toMatch(/^\d{6}$/)
    expect(codes[0]?.expiresAt).toBe('2024-03-12T00:00:00.000Z')
    const stored = await rows(h.db, 'SELECT code_hash FROM bind_codes')
    expect(stored).toEqual([{ code_hash: hashBindCode(codes[0]!.code) }])
    const again = await issueBindCodes({ db: h.db, clock: h.clock }, {}, { actor: 'test' })
    expect(again.map((c) => c.officialId).sort()).toEqual(['A001', 'B001', 'O001'])
    // the first code was replaced by the new one for A001
    expect(await rows(h.db, "SELECT 1 FROM bind_codes WHERE official_id = 'A001'")).toHaveLength(1)
  })
})
