import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hashBindCode } from '../../src/roster/binding.service.js'
import { bindDirectly, createChatHarness, rows, type ChatHarness } from '../helpers/chat.js'
import { runXuefaHere } from '../helpers/cli.js'

let h: ChatHarness
afterEach(() => {
  h?.cleanup()
})

describe('xuefa bind-codes', () => {
  it('writes official_id,name,code,expires_at,account for the unbound officials of a unit and stores only hashes', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A002', 'wx-a002')
    const out = join(h.t.dir, 'codes.csv')
    const r = await runXuefaHere(['bind-codes', '--unit', 'SFJ', '--out', out], { ...h.t.env })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('已生成 1 个绑定码')
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('official_id,name,code,expires_at,account')
    expect(lines).toHaveLength(2)
    const [id, name, code, expiresAt, account] = lines[1]!.split(',')
    expect([id, name, account]).toEqual(['A001', '张三', 'default'])
    expect(code).toMatch(/^\d{6}$/)
    expect(expiresAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(await rows(h.db, 'SELECT official_id, code_hash FROM bind_codes')).toEqual([
      { official_id: 'A001', code_hash: hashBindCode(code!) },
    ])
  })

  it('spreads the codes over the bot accounts, to the one with the fewest people bound or on their way', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A002', 'wx-a002')
    await h.db.execute("UPDATE chat_bindings SET account = 'a' WHERE official_id = 'A002'")
    const out = join(h.t.dir, 'codes.csv')
    const r = await runXuefaHere(['bind-codes', '--out', out], { ...h.t.env, XUEFA_BOT_ACCOUNTS: 'a,b' })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('按账号：a 1 人，b 2 人')
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .slice(1)
    const byAccount = (a: string) => lines.filter((l) => l.endsWith(`,${a}`)).length
    // three unbound (A001, B001, O001) and A002 already on a: b, then a tie broken in the configured order, then b
    expect([byAccount('a'), byAccount('b')]).toEqual([1, 2])
    expect(await rows(h.db, 'SELECT account, count(*) AS n FROM bind_codes GROUP BY account ORDER BY account')).toEqual([
      { account: 'a', n: 1 },
      { account: 'b', n: 2 },
    ])
    // issued again for one unit (B001's first code went to b): the others' codes still count as people on their
    // way — a: A002 bound and O001's code, b: A001's code — so B001's new code names b again
    const again = await runXuefaHere(['bind-codes', '--unit', 'JYJ', '--out', out], { ...h.t.env, XUEFA_BOT_ACCOUNTS: 'a,b' })
    expect(again.code, again.stderr).toBe(0)
    expect(readFileSync(out, 'utf8').trim().split('\n')[1]).toMatch(/^B001,王五,\d{6},.*,b$/)
  })

  it('writes a name that a spreadsheet would read as a formula as text', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A002', 'wx-a002')
    await h.db.execute({ sql: "UPDATE officials SET name = :name WHERE id = 'A001'", args: { name: '=HYPERLINK("http://x","张三")' } })
    const out = join(h.t.dir, 'codes.csv')
    const r = await runXuefaHere(['bind-codes', '--unit', 'SFJ', '--out', out], { ...h.t.env })
    expect(r.code, r.stderr).toBe(0)
    const line = readFileSync(out, 'utf8').trim().split('\n')[1]!
    expect(line).toMatch(/^A001,"'=HYPERLINK\(""http:\/\/x"",""张三""\)",\d{6},/)
  })

  it('refuses an unknown unit', async () => {
    h = await createChatHarness()
    const r = await runXuefaHere(['bind-codes', '--unit', 'NOPE', '--out', join(h.t.dir, 'x.csv')], { ...h.t.env })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('单位「NOPE」不存在，请先导入单位')
  })
})
