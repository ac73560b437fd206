import { describe, expect, it } from 'vitest'
import { accountsToRun, ConfigError, loadConfig, publicBaseUrl } from '../../src/config.js'

describe('loadConfig', () => {
  it('gives the defaults of CONTRACT §7 on an empty environment', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      XUEFA_DB_URL: 'file:./data/xuefa.db',
      PORT: 8787,
      HOST: '127.0.0.1',
      XUEFA_TZ: 'Asia/Shanghai',
      XUEFA_BOT: 'on',
      XUEFA_LOG_LEVEL: 'info',
    })
    expect(c.XUEFA_WEBHOOK_SECRET).toBeUndefined()
  })

  it.each([['libsql://xuefa-county.turso.io'], ['http://127.0.0.1:8080'], ['https://db.example.org'], ['file:/var/lib/xuefa/xuefa.db']])(
    'accepts the database URL %s as it is',
    (url) => {
      expect(loadConfig({ XUEFA_DB_URL: url }).XUEFA_DB_URL).toBe(url)
    },
  )

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ XUEFA_TZ: 'China/Beijing' }, 'XUEFA_TZ'],
    [{ XUEFA_BOT: 'maybe' }, 'XUEFA_BOT'],
    [{ XUEFA_DB_URL: 'postgres://x' }, 'XUEFA_DB_URL'],
    [{ XUEFA_LOG_LEVEL: 'loud' }, 'XUEFA_LOG_LEVEL'],
    [{ XUEFA_WEBHOOK_SECRET: 'short' }, 'XUEFA_WEBHOOK_SECRET'],
    [{ XUEFA_WEBHOOK_SECRET: 'whsec_not base64 at all!' }, 'XUEFA_WEBHOOK_SECRET'],
    [{ XUEFA_WEBHOOK_SECRET: 'whsec_c2hvcnQta2V5' }, 'XUEFA_WEBHOOK_SECRET'],
    [{ XUEFA_JSON_BODY_LIMIT: '10' }, 'XUEFA_JSON_BODY_LIMIT'],
  ])('refuses %o naming %s', (env, name) => {
    try {
      loadConfig(env)
      expect.unreachable('should have thrown')
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      expect((e as ConfigError).problems.join('\n')).toContain(name)
    }
  })

  it('takes a Standard Webhooks whsec_ secret, and gives the two body limits their defaults', () => {
    const c = loadConfig({ XUEFA_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
    expect(c.XUEFA_WEBHOOK_SECRET).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    expect([c.XUEFA_BODY_LIMIT, c.XUEFA_JSON_BODY_LIMIT]).toEqual([20 * 1024 * 1024, 1024 * 1024])
  })

  it('has no read-cache setting since the read cache was removed', () => {
    expect(loadConfig({ XUEFA_READ_CACHE: 'off' })).not.toHaveProperty('XUEFA_READ_CACHE')
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', XUEFA_TZ: ' ' }).PORT).toBe(8787)
  })
})

describe('additions for reach (bot accounts, personal links)', () => {
  it('reads the bot accounts as a list without repeats, default one account', () => {
    expect(loadConfig({}).XUEFA_BOT_ACCOUNTS).toEqual(['default'])
    expect(loadConfig({ XUEFA_BOT_ACCOUNTS: ' a, b,a ' }).XUEFA_BOT_ACCOUNTS).toEqual(['a', 'b'])
    expect(() => loadConfig({ XUEFA_BOT_ACCOUNTS: 'a b' })).toThrow(/XUEFA_BOT_ACCOUNTS/)
    expect(publicBaseUrl(loadConfig({}))).toBe('http://127.0.0.1:8787')
    expect(publicBaseUrl(loadConfig({ XUEFA_PUBLIC_URL: 'https://xuefa.example.gov.cn/' }))).toBe('https://xuefa.example.gov.cn')
    expect(() => loadConfig({ XUEFA_PUBLIC_URL: 'ftp://x' })).toThrow(/XUEFA_PUBLIC_URL/)
  })

  it('runs every account unless XUEFA_BOT_RUN names some, and reads a token per account', () => {
    expect(accountsToRun(loadConfig({ XUEFA_BOT_ACCOUNTS: 'a,b,c' }))).toEqual(['a', 'b', 'c'])
    expect(accountsToRun(loadConfig({ XUEFA_BOT_ACCOUNTS: 'a,b,c', XUEFA_BOT_RUN: 'c, a' }))).toEqual(['c', 'a'])
    expect(() => loadConfig({ XUEFA_BOT_ACCOUNTS: 'a,b', XUEFA_BOT_RUN: 'x' })).toThrow(/x not in XUEFA_BOT_ACCOUNTS/)
    const c = loadConfig({ XUEFA_BOT_ACCOUNTS: 'a,b', XUEFA_BOT_TOKENS: 'a=puppet_padlocal_1, b = tok=en2' })
    expect(c.XUEFA_BOT_TOKENS).toEqual({ a: 'puppet_padlocal_1', b: 'tok=en2' })
    expect(() => loadConfig({ XUEFA_BOT_TOKENS: 'secret-token-without-name' })).toThrow(/XUEFA_BOT_TOKENS: must be name=token/)
    // an account that is not configured is named; its token never appears in the message
    const err = (() => {
      try {
        loadConfig({ XUEFA_BOT_ACCOUNTS: 'a', XUEFA_BOT_TOKENS: 'z=secret1' })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err?.message).toContain('z not in XUEFA_BOT_ACCOUNTS')
    expect(err?.message).not.toContain('secret1')
  })

  it('reads an embedded replica: a local file, the primary by its sync URL, idle syncs 5 s apart unless set', () => {
    const c = loadConfig({ XUEFA_DB_URL: 'file:./data/replica.db', XUEFA_DB_SYNC_URL: 'http://127.0.0.1:8080' })
    expect(c).toMatchObject({ XUEFA_DB_SYNC_URL: 'http://127.0.0.1:8080', XUEFA_DB_SYNC_INTERVAL: 5 })
    expect(loadConfig({ XUEFA_DB_SYNC_URL: 'libsql://pingluo.example.org', XUEFA_DB_SYNC_INTERVAL: '0.5' }).XUEFA_DB_SYNC_INTERVAL).toBe(
      0.5,
    )
    expect(loadConfig({}).XUEFA_DB_SYNC_URL).toBeUndefined()
  })

  it.each([
    [{ XUEFA_DB_SYNC_URL: 'file:./other.db' }, 'XUEFA_DB_SYNC_URL'],
    [{ XUEFA_DB_SYNC_URL: 'http://127.0.0.1:8080', XUEFA_DB_URL: 'http://127.0.0.1:8080' }, 'XUEFA_DB_URL'],
    [{ XUEFA_DB_SYNC_URL: 'http://127.0.0.1:8080', XUEFA_DB_URL: 'file::memory:' }, 'XUEFA_DB_URL'],
    [{ XUEFA_DB_SYNC_URL: 'http://127.0.0.1:8080', XUEFA_DB_NAMESPACE: 'pingluo' }, 'XUEFA_DB_NAMESPACE'],
    [{ XUEFA_DB_SYNC_INTERVAL: '0' }, 'XUEFA_DB_SYNC_INTERVAL'],
    [{ XUEFA_DB_SYNC_INTERVAL: 'often' }, 'XUEFA_DB_SYNC_INTERVAL'],
  ])('refuses the replica settings %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })
})
