import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { bindCodesCommand } from '../../src/cli/bind-codes.js'
import { hashBindCode } from '../../src/roster/binding.service.js'
import { bindDirectly, createChatHarness, rows, type ChatHarness } from '../helpers/chat.js'

let h: ChatHarness
const saved = process.env.XUEFA_DB_URL
afterEach(() => {
  process.env.XUEFA_DB_URL = saved
  h?.cleanup()
})

describe('xuefa bind-codes', () => {
  it('writes official_id,name,code,expires_at for the unbound officials of a unit and stores only hashes', async () => {
    h = await createChatHarness()
    await bindDirectly(h.db, 'A002', 'wx-a002')
    process.env.XUEFA_DB_URL = h.t.url
    const out = join(h.t.dir, 'codes.csv')
    const stderr = process.stderr.write
    process.stderr.write = (() => true) as typeof process.stderr.write
    try {
      await bindCodesCommand().parseAsync(['--unit', 'SFJ', '--out', out], { from: 'user' })
    } finally {
      process.stderr.write = stderr
    }
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
    expect(lines[0]).toBe('official_id,name,code,expires_at')
    expect(lines).toHaveLength(2)
    const [id, name, code, expiresAt] = lines[1]!.split(',')
    expect([id, name]).toEqual(['A001', '张三'])
    expect(code).toMatch(/^\d{6}$/)
    expect(expiresAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(await rows(h.db, 'SELECT official_id, code_hash FROM bind_codes')).toEqual([
      { official_id: 'A001', code_hash: hashBindCode(code!) },
    ])
  })

  it('refuses an unknown unit', async () => {
    h = await createChatHarness()
    process.env.XUEFA_DB_URL = h.t.url
    await expect(bindCodesCommand().parseAsync(['--unit', 'NOPE', '--out', join(h.t.dir, 'x.csv')], { from: 'user' })).rejects.toThrow(
      'unit NOPE does not exist',
    )
  })
})
