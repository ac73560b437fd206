import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'
import { runXuefa, startXuefa, waitForExit } from '../helpers/cli.js'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})
function tempDbUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-cli-'))
  dirs.push(dir)
  return `file:${join(dir, 'x.db')}`
}

describe('the xuefa command line', () => {
  it('migrates, then says it is up to date', async () => {
    const env = { XUEFA_DB_URL: tempDbUrl() }
    const first = await runXuefa(['migrate'], env)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('0001_init.sql')
    const second = await runXuefa(['migrate'], env)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('已是最新')
  })

  it('prints a token once and stores only its hash', async () => {
    const url = tempDbUrl()
    const r = await runXuefa(['token', 'create', '--role', 'admin', '--label', 'report section'], { XUEFA_DB_URL: url })
    expect(r.code).toBe(0)
    const token = r.stdout.trim()
    expect(token).toMatch(/^xf_[\w-]{40,}$/)
    expect(r.stderr).toContain('只显示这一次')
    const db = await openDb(url)
    const rs = await db.execute('SELECT token_hash, role, label FROM api_tokens')
    db.close()
    expect(rs.rows).toHaveLength(1)
    expect(rs.rows[0]?.role).toBe('admin')
    expect(String(rs.rows[0]?.token_hash)).not.toContain(token.slice(3, 20))
  })

  it('refuses an organizer token without a unit, with exit code 1', async () => {
    const r = await runXuefa(['token', 'create', '--role', 'organizer'], { XUEFA_DB_URL: tempDbUrl() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--unit')
  })

  it('exits 2 with a clear message on a bad configuration value', async () => {
    const r = await runXuefa(['migrate'], { XUEFA_DB_URL: tempDbUrl(), XUEFA_TZ: 'Mars/Olympus' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('XUEFA_TZ')
  })

  it('adds, lists and turns off a group robot, masking its key', async () => {
    const url = tempDbUrl()
    const env = { XUEFA_DB_URL: url, XUEFA_BANK: 'off' }
    const db = await openDb(url)
    await runMigrations(db, new ManualClock('2024-01-01T00:00:00Z'))
    await db.batch([
      { sql: "INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('PL', '平罗县', '/PL/', 'x', 'x')", args: [] },
    ])
    db.close()
    const hook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef'
    const added = await runXuefa(['robot', 'add', '--unit', 'PL', '--platform', 'wecom', '--url', hook], env)
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('企业微信群机器人 #1')
    const unknownUnit = await runXuefa(['robot', 'add', '--unit', 'NOPE', '--platform', 'wecom', '--url', hook], env)
    expect(unknownUnit.code).toBe(1)
    expect((await runXuefa(['robot', 'disable', '1'], env)).code).toBe(0)
    const list = await runXuefa(['robot', 'list'], env)
    expect(list.stdout).toContain('停用')
    expect(list.stdout).not.toContain('0123456789abcdef')
  })

  it.each([['serve'], ['migrate'], ['token']])('has --help for %s', async (cmd) => {
    const r = await runXuefa([cmd, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Usage: xuefa ${cmd}`)
  })

  it('serves /healthz and stops cleanly on SIGTERM', async () => {
    const url = tempDbUrl()
    const { child, match } = await startXuefa(
      ['serve'],
      { XUEFA_DB_URL: url, PORT: '0', XUEFA_BOT: 'off', XUEFA_LOG_LEVEL: 'warn' },
      /http:\/\/127\.0\.0\.1:(\d+)\/healthz/,
    )
    const res = await fetch(`http://127.0.0.1:${match[1]}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    child.kill('SIGTERM')
    expect(await waitForExit(child)).toBe(0)
  })
})
