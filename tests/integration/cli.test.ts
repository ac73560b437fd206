import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDb } from '../../src/storage/db.js'
import { runXuefa, runXuefaHere, startXuefa, waitForExit, type CliResult } from '../helpers/cli.js'
import { createTestDb } from '../helpers/db.js'
import { seedUnits } from '../helpers/seed.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})
function tempDbUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-cli-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return `file:${join(dir, 'x.db')}`
}
/** The environment of a migrated database holding 平罗县 (PL) alone, without the starter bank. */
async function countyOfOneUnit(): Promise<Record<string, string>> {
  const t = await createTestDb()
  cleanups.push(() => t.cleanup())
  await seedUnits(t.db, [['PL', '平罗县']])
  return { ...t.env, XUEFA_BANK: 'off' }
}

describe('the xuefa command line', () => {
  it('migrates, then says it is up to date', async () => {
    const env = { XUEFA_DB_URL: tempDbUrl() }
    const first = await runXuefaHere(['migrate'], env)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('0001_init.sql')
    expect(first.stdout).toContain('已载入入门题库')
    const second = await runXuefaHere(['migrate'], env)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('已是最新')
  })

  it('prints a token once and stores only its hash', async () => {
    const url = tempDbUrl()
    const r = await runXuefaHere(['token', 'create', '--role', 'admin', '--label', 'report section'], { XUEFA_DB_URL: url })
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

  it('adds, lists and turns off a group robot, masking its key', async () => {
    const env = await countyOfOneUnit()
    const hook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef'
    const added = await runXuefaHere(['robot', 'add', '--unit', 'PL', '--platform', 'wecom', '--url', hook], env)
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('企业微信群机器人 #1')
    const unknownUnit = await runXuefaHere(['robot', 'add', '--unit', 'NOPE', '--platform', 'wecom', '--url', hook], env)
    expect(unknownUnit.code).toBe(1)
    expect(unknownUnit.stderr).toContain('单位「NOPE」不存在，请先导入单位')
    expect((await runXuefaHere(['robot', 'disable', '1'], env)).code).toBe(0)
    const list = await runXuefaHere(['robot', 'list'], env)
    expect(list.stdout).toContain('停用')
    expect(list.stdout).not.toContain('0123456789abcdef')
  })

  it('adds a weekly 学法清单 push, lists it with its next time, refuses a bad time in words, and removes it', async () => {
    const env = await countyOfOneUnit()
    const added = await runXuefaHere(['schedule', 'add', '--name', '每周学法清单', '--cron', '0 9 * * 1', '--unit', 'PL'], env)
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/已保存定时推送 #1「每周学法清单」，下次推送：\d{4}-\d{2}-\d{2} 09:00/)
    const bad = await runXuefaHere(['schedule', 'add', '--name', 'x', '--cron', '0 9 * * 9'], env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('未保存')
    expect(bad.stderr).toContain('定时表达式为「分 时 日 月 星期」')
    const nope = await runXuefaHere(['schedule', 'add', '--name', 'y', '--cron', '0 9 * * 1', '--unit', 'NOPE'], env)
    expect(nope.code).toBe(1)
    expect(nope.stderr).toContain('单位 NOPE 不存在，请先导入单位')
    expect(nope.stderr).not.toMatch(/定时表达式|does not exist/)
    expect((await runXuefaHere(['schedule', 'add', '--name', '周一也含节假日', '--cron', '0 9 * * 1', '--every-day'], env)).code).toBe(0)
    const list = await runXuefaHere(['schedule', 'list'], env)
    expect(list.stdout).toContain('每周学法清单\t0 9 * * 1\t工作日\tPL\t启用')
    expect(list.stdout).toContain('周一也含节假日\t0 9 * * 1\t含节假日和周末\t全部单位\t启用')
    expect((await runXuefaHere(['schedule', 'remove', '1'], env)).stdout).toContain('已删除')
    const gone = await runXuefaHere(['schedule', 'disable', '1'], env)
    expect(gone.code).toBe(1)
    expect(gone.stderr).toContain('没有编号为 1 的定时推送')
  })

  it('retires a question of the bank and restores it', async () => {
    const url = tempDbUrl()
    const env = { XUEFA_DB_URL: url }
    expect((await runXuefaHere(['migrate'], env)).code).toBe(0)
    const retired = await runXuefaHere(['question', 'retire', 'BANK-XF-001'], env)
    expect(retired.stdout).toContain('题目 BANK-XF-001 已停用')
    const db = await openDb(url)
    const retiredAt = async () => (await db.execute("SELECT retired_at FROM questions WHERE id = 'BANK-XF-001'")).rows[0]?.retired_at
    expect(await retiredAt()).not.toBeNull()
    expect((await runXuefaHere(['question', 'restore', 'BANK-XF-001'], env)).code).toBe(0)
    expect(await retiredAt()).toBeNull()
    db.close()
    const unknown = await runXuefaHere(['question', 'retire', 'NOPE'], env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('题库中没有题号为 NOPE 的题目')
  })

  it('says in its own words what the domain refuses, with exit code 1 and no stack trace', async () => {
    const url = tempDbUrl()
    const env = { XUEFA_DB_URL: url, XUEFA_BANK: 'off' }
    const file = join(dirname(url.slice('file:'.length)), 'backup.db')
    expect((await runXuefaHere(['backup', file], env)).code).toBe(0)
    const again = await runXuefaHere(['backup', file], env)
    expect(again.code).toBe(1)
    expect(again.stderr).toBe(`文件已存在：${file}。为免覆盖，请换一个新的文件名。\n`)
    const outcome = await runXuefaHere(['exam', 'outcome', '--official', 'NOPE', '--outcome', '通过'], env)
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toBe('NOPE 没有任前法律知识考试记录。\n')
  })

  it('says what is missing from a subcommand, with exit code 1', async () => {
    const r = await runXuefaHere(['exam', 'assign', '--official', 'A001'], { XUEFA_DB_URL: tempDbUrl() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('缺少必填的选项 --post <text>')
  })
})

describe('the xuefa process', () => {
  it('exits 1 when the input is refused', async () => {
    const r = await runXuefa(['token', 'create', '--role', 'organizer'], { XUEFA_DB_URL: tempDbUrl() })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--unit')
  })

  it('exits 2 with a clear message on a bad configuration value', async () => {
    const r = await runXuefa(['migrate'], { XUEFA_DB_URL: tempDbUrl(), XUEFA_TZ: 'Mars/Olympus' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('XUEFA_TZ')
  })

  /** The libraries in the files `xuefa …args` loads: esbuild marks each it bundled with a `// node_modules/NAME/…` line. */
  async function librariesLoaded(args: string[], env: Record<string, string> = {}): Promise<{ r: CliResult; libraries: string[] }> {
    // every file the process loads is reported on stderr
    const hooks = `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.startsWith('file:')) process.stderr.write('@@loaded ' + r.url + '\\n'); return r }`
    const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)})`
    const r = await runXuefa(args, env, ['--import', `data:text/javascript,${encodeURIComponent(register)}`])
    const files = new Set([...r.stderr.matchAll(/^@@loaded (\S+)$/gm)].map((m) => fileURLToPath(m[1]!)))
    expect(files.size).toBeGreaterThan(0)
    const libraries = new Set<string>()
    for (const file of files)
      for (const m of `${file}\n${readFileSync(file, 'utf8')}`.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g)) libraries.add(m[1]!)
    return { r, libraries: [...libraries] }
  }

  it.each([
    [[]],
    [['serve']],
    [['migrate']],
    [['token', 'create']],
    [['report']],
    [['import']],
    [['schedule', 'add']],
    [['question', 'retire']],
  ])('answers %j --help loading commander and no other library', async (cmd) => {
    const { r, libraries } = await librariesLoaded([...cmd, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Usage: xuefa ${cmd.join(' ')}`.trim())
    expect(libraries).toEqual(['commander'])
  })

  it('runs a one-shot command without loading the HTTP app, the chat or the importers', async () => {
    const { r, libraries } = await librariesLoaded(['robot', 'list'], { XUEFA_DB_URL: tempDbUrl() })
    expect(r.code, r.stderr).toBe(0)
    expect(libraries).toContain('libsql')
    expect(libraries.filter((l) => /^(hono|@hono\/|wechaty|csv-parse|node-cron|docx)/.test(l))).toEqual([])
  })

  it('serves /healthz and the dashboard style sheet, and stops cleanly on SIGTERM', async () => {
    const { child, match } = await startXuefa(
      ['serve'],
      { XUEFA_DB_URL: tempDbUrl(), PORT: '0', XUEFA_BOT: 'off', XUEFA_LOG_LEVEL: 'warn' },
      /http:\/\/127\.0\.0\.1:(\d+)\/healthz/,
    )
    cleanups.push(() => void child.kill('SIGKILL'))
    const res = await fetch(`http://127.0.0.1:${match[1]}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    const css = await fetch(`http://127.0.0.1:${match[1]}/ui/assets/ui.css`)
    expect(css.status).toBe(200)
    expect(await css.text()).toContain('{')
    child.kill('SIGTERM')
    expect(await waitForExit(child)).toBe(0)
  })
})
