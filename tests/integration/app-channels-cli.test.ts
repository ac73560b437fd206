/**
 * Issue 20, configuration without SQL: `xuefa channel add/list/disable` stores a WeCom / DingTalk application (secrets
 * never printed), and the handles import binds people to their user id on an application (企业微信应用 / 钉钉应用).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb } from '../../src/storage/db.js'
import { runXuefaHere } from '../helpers/cli.js'
import { csv, officialsRows, unitsCsv } from './import-fixtures.js'

const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C'

describe('xuefa channel, and user ids imported as roster columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-channel-cli-'))
  const env = { XUEFA_DB_URL: `file:${join(dir, 'x.db')}` }
  const query = async (sql: string) => {
    const db = await openDb(env.XUEFA_DB_URL)
    try {
      return (await db.execute(sql)).rows.map((r) => ({ ...r }))
    } finally {
      db.close()
    }
  }
  beforeAll(async () => {
    writeFileSync(join(dir, 'units.csv'), unitsCsv())
    writeFileSync(join(dir, 'officials.csv'), csv(officialsRows(3)))
    expect((await runXuefaHere(['import', 'units', join(dir, 'units.csv')], env)).code).toBe(0)
    expect((await runXuefaHere(['import', 'officials', join(dir, 'officials.csv')], env)).code).toBe(0)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('adds, lists and disables applications; refuses what is missing; never prints a secret', async () => {
    const noKey = await runXuefaHere(['channel', 'add', 'wecom', '--corp-id', 'ww1', '--agent-id', '1000002', '--secret', 's3cret'], env)
    expect(noKey.code).toBe(1)
    expect(noKey.stderr).toContain('--token')
    const badKey = await runXuefaHere(
      ['channel', 'add', 'wecom', '--corp-id', 'ww1', '--agent-id', '1000002', '--secret', 's3cret', '--token', 't', '--aes-key', 'short'],
      env,
    )
    expect(badKey.code).toBe(1)
    const wecom = await runXuefaHere(
      ['channel', 'add', 'wecom', '--corp-id', 'ww1', '--agent-id', '1000002', '--secret', 's3cret', '--token', 'tok', '--aes-key', AES],
      env,
    )
    expect(wecom.code, wecom.stderr).toBe(0)
    expect(wecom.stdout).toContain('/webhooks/wecom/main')
    const ding = await runXuefaHere(
      ['channel', 'add', 'dingtalk', '--name', 'zzd', '--agent-id', '2001', '--app-key', 'k', '--secret', 'dsecret'],
      env,
    )
    expect(ding.code, ding.stderr).toBe(0)
    expect(ding.stdout).toContain('回调地址：<XUEFA_PUBLIC_URL>/webhooks/dingtalk/zzd')
    const list = await runXuefaHere(['channel', 'list'], env)
    expect(list.stdout).toContain('wecom\tmain\t企业微信自建应用')
    expect(list.stdout).toContain('dingtalk\tzzd\t钉钉企业内部应用')
    expect(list.stdout + wecom.stdout + ding.stdout).not.toMatch(/s3cret|dsecret/)
    expect((await runXuefaHere(['channel', 'disable', 'dingtalk', 'zzd'], env)).stdout).toContain('已停用')
    expect((await runXuefaHere(['channel', 'disable', 'dingtalk', 'nope'], env)).code).toBe(1)
    expect(await query("SELECT action, entity_id FROM audit_log WHERE action = 'channel.add' ORDER BY id")).toEqual([
      { action: 'channel.add', entity_id: 'wecom:main' },
      { action: 'channel.add', entity_id: 'dingtalk:zzd' },
    ])
    // with the public address set, the URL to paste into the platform's console is printed whole
    const again = await runXuefaHere(
      ['channel', 'add', 'dingtalk', '--name', 'zzd', '--agent-id', '2001', '--app-key', 'k', '--secret', 'dsecret'],
      { ...env, XUEFA_PUBLIC_URL: 'https://xuefa.example.gov.cn/' },
    )
    expect(again.stdout).toContain('回调地址：https://xuefa.example.gov.cn/webhooks/dingtalk/zzd')
  })

  it('binds people on the WeCom application from the handles import; refuses a disabled platform and a user id taken twice', async () => {
    const [p1, p2, p3] = officialsRows(3)
      .slice(1)
      .map((r) => r[0]!)
    writeFileSync(
      join(dir, 'apps.csv'),
      `人员编号,平台,平台账号\n${p1},企业微信应用,zhangsan\n${p2},企业微信应用,lisi\n${p3},企业微信,wangwu\n`,
    )
    const ok = await runXuefaHere(['import', 'handles', join(dir, 'apps.csv')], env)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('新增 3')
    expect(await query('SELECT official_id, channel, contact_id, account FROM chat_bindings ORDER BY official_id')).toEqual([
      { official_id: p1, channel: 'wecom-app', contact_id: 'zhangsan', account: 'main' },
      { official_id: p2, channel: 'wecom-app', contact_id: 'lisi', account: 'main' },
    ])
    expect(await query('SELECT official_id, platform, user_id FROM official_handles')).toEqual([
      { official_id: p3, platform: 'wecom', user_id: 'wangwu' },
    ])
    expect((await runXuefaHere(['import', 'handles', join(dir, 'apps.csv')], env)).stdout).toContain('未变 3')

    writeFileSync(join(dir, 'bad.csv'), `人员编号,平台,平台账号\n${p3},企业微信应用,zhangsan\n${p1},钉钉应用,ding1\n`)
    const bad = await runXuefaHere(['import', 'handles', join(dir, 'bad.csv')], env)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('该企业微信应用账号已绑定其他人员')
    expect(bad.stderr).toContain('尚未配置钉钉应用')

    // a new user id for someone bound there moves their binding to it
    writeFileSync(join(dir, 'moved.csv'), `人员编号,平台,平台账号\n${p1},企业微信应用,zhangsan2\n`)
    expect((await runXuefaHere(['import', 'handles', join(dir, 'moved.csv')], env)).stdout).toContain('更新 1')
    expect(await query(`SELECT contact_id FROM chat_bindings WHERE official_id = '${p1}'`)).toEqual([{ contact_id: 'zhangsan2' }])
  })
})
