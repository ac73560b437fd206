/** Issue 17 item 9: what the command line says when it refuses, in Chinese and in one line, with an exit code. */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runXuefa, runXuefaHere, startXuefa, waitForExit } from '../helpers/cli.js'
import { createFileTestDb } from '../helpers/db.js'
import { serveDemoDatabase } from '../../src/demo/keep.js'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-words-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
const tempDbUrl = () => `file:${join(tempDir(), 'x.db')}`

/** Said as one line (or a few), never a stack trace. */
function saidPlainly(stderr: string) {
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toMatch(/Error:|node:internal/)
}

describe('refusals of report, export and token, in Chinese', () => {
  it('says what is wrong with the arguments and the data', async () => {
    const env = { XUEFA_DB_URL: tempDbUrl(), XUEFA_BANK: 'off' }
    const cases: [string[], string][] = [
      [['report'], '请用 --year 指定年度，例如 --year 2024'],
      [['report', '--year', '24'], '--year 应为四位数的年份'],
      [['report', '--year', '1999'], '--year 应在 2000 到 2100 之间'],
      [['report', '--year', '2024', '--unit', 'NOPE'], '单位「NOPE」不存在'],
      [['export', 'ledger', '--year', '2024'], '请用 --out 文件名 指定台账的保存位置'],
      [['token', 'create', '--role', 'organizer'], '组织者令牌必须限定单位：请加上 --unit 单位代码'],
      [['token', 'create', '--role', 'organizer', '--unit', 'NOPE'], '单位「NOPE」不存在'],
      [['token', 'create', '--role', 'admin', '--expires-in-days', '0'], '--expires-in-days 应为正整数'],
      [
        ['exam', 'assign', '--official', 'A001', '--post', '科长', '--opens', '2030-01-01 09:00', '--minutes', '2'],
        '--minutes 应为5到600之间的整数',
      ],
      [['exam', 'assign', '--official', 'A001', '--post', '科长', '--opens', 'tomorrow'], '--opens：“tomorrow”不是时间'],
      [['exam', 'outcome', '--official', 'A001', '--outcome', 'maybe'], '--outcome 应为 通过、暂缓任用 或 撤回提名（现在是“maybe”）'],
      [['exam', 'sheet', '--official', 'NOPE', '--out', 'sheet.docx'], 'NOPE 没有任前法律知识考试记录。'],
    ]
    for (const [args, said] of cases) {
      const r = await runXuefaHere(args, env)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr, args.join(' ')).toContain(said)
      expect(r.stderr, args.join(' ')).not.toMatch(/does not exist|must be|is required|not found/)
    }
  })

  it("says commander's own refusals (options, commands) in Chinese, with the suggestion", async () => {
    const env = { XUEFA_DB_URL: tempDbUrl(), XUEFA_BANK: 'off' }
    const cases: [string[], string][] = [
      [['report', '--yaer', '2024'], '没有这个选项：--yaer（是不是想用：--year？）'],
      [['repot'], '没有这个命令：repot（是不是想用：report？）'],
      [['import'], '缺少参数：kind'],
      [['report', '--year', '2024', '--format', 'pdf'], '选项 --format <format> 的值「pdf」无效，可选：json, md, docx'],
    ]
    for (const [args, said] of cases) {
      const r = await runXuefaHere(args, env)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr, args.join(' ')).toContain(said)
      expect(r.stderr, args.join(' ')).not.toContain('error:')
    }
  })

  it('says which folder is missing when a report is written into one that is not there', async () => {
    const dir = tempDir()
    const r = await runXuefaHere(['report', '--year', '2024', '--out', join(dir, 'nope', 'r.md')], {
      XUEFA_DB_URL: `file:${join(dir, 'x.db')}`,
      XUEFA_BANK: 'off',
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`文件夹不存在：${join(dir, 'nope')}。请先创建这个文件夹，或换一个已有的位置。\n`)
  })
})

describe('the xuefa process, where it used to print a stack', () => {
  it('backs up into a missing folder: one Chinese line, exit code 1', async () => {
    const dir = tempDir()
    const r = await runXuefa(['backup', join(dir, 'nope', 'b.db')], { XUEFA_DB_URL: `file:${join(dir, 'x.db')}`, XUEFA_BANK: 'off' })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`文件夹不存在：${join(dir, 'nope')}。请先创建这个文件夹，或换一个已有的位置。\n`)
  })

  it('serves on a busy port: one Chinese line, exit code 1', async () => {
    const busy: Server = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => busy.close(() => resolve())))
    const port = (busy.address() as { port: number }).port
    const r = await runXuefa(['serve'], {
      XUEFA_DB_URL: tempDbUrl(),
      XUEFA_BANK: 'off',
      XUEFA_BOT: 'off',
      HOST: '127.0.0.1',
      PORT: String(port),
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`端口 ${port}（127.0.0.1）已被占用`)
    expect(r.stderr).toContain(`PORT=${port + 1} npm start`)
    saidPlainly(r.stderr)
  })

  it('meets a remote database it cannot reach, with no token: one Chinese line naming the token, exit code 2', async () => {
    const env = { XUEFA_DB_URL: 'http://127.0.0.1:1' }
    for (const args of [['report', '--year', '2024'], ['serve']]) {
      const r = await runXuefa(args, { ...env, XUEFA_BOT: 'off' })
      expect(r.code, args[0]).toBe(2)
      expect(r.stderr, args[0]).toContain('无法连接数据库 http://127.0.0.1:1')
      expect(r.stderr, args[0]).toContain('XUEFA_DB_AUTH_TOKEN，现在没有设置')
      expect(r.stderr.trim().split('\n'), args[0]).toHaveLength(1)
      saidPlainly(r.stderr)
    }
  })

  it('prints the start banner with a command that works from the project folder', async () => {
    const { child, output } = await startXuefa(
      ['serve'],
      { XUEFA_DB_URL: tempDbUrl(), XUEFA_BANK: 'off', XUEFA_BOT: 'off', HOST: '127.0.0.1', PORT: '0' },
      /登录令牌: .*\n/,
    )
    child.kill('SIGTERM')
    await waitForExit(child)
    expect(output()).toContain('(登录令牌: npx xuefa token create --role admin)')
  })
})

describe('demo --keep', () => {
  it('says where the kept database is and how to open it again', async () => {
    const t = await createFileTestDb() // the demo keeps a file
    cleanups.push(() => t.cleanup())
    const lines: string[] = []
    const kept = await serveDemoDatabase(t.url, 'xf_demo', { PORT: 0, HOST: '127.0.0.1' }, (l) => lines.push(l), {
      handleSignals: false,
      logLevel: 'silent',
    })
    await kept.app.stop()
    const path = t.url.replace(/^file:/, '')
    expect(lines.join('\n')).toContain(`演示数据库保留在 ${path}（不会自动删除）。再次打开：XUEFA_DB_URL=file:${path}`)
  })
})
