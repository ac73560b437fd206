import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readLink, signLink } from '../../src/access/links.rules.js'
import { checkLink, createLinkIssuer, revokeLinks } from '../../src/access/links.service.js'
import { ManualClock } from '../../src/clock.js'
import { createTestDb, type TestDb } from '../helpers/db.js'
import { seedOfficials, seedUnits } from '../helpers/seed.js'

const claims = { officialId: 'X1', purpose: 'session' as const, ref: 'S-1', issuedAt: 1_700_000_000, expiresAt: 1_700_086_400 }

describe('personal link tokens (pure)', () => {
  it('reads back what was signed', () => {
    expect(readLink('k', signLink('k', claims))).toEqual(claims)
  })

  it('refuses another key, a changed payload, a changed signature and junk', () => {
    const token = signLink('k', claims)
    const [payload, sig] = token.split('.') as [string, string]
    const other = Buffer.from(JSON.stringify(['X2', 's', 'S-1', claims.issuedAt.toString(36), claims.expiresAt.toString(36)])).toString(
      'base64url',
    )
    expect(readLink('k2', token)).toBeNull()
    expect(readLink('k', `${other}.${sig}`)).toBeNull()
    expect(readLink('k', `${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBeNull()
    // every other spelling of the last character (which also carries padding bits) is refused
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
      if (c !== sig.at(-1)) expect(readLink('k', `${payload}.${sig.slice(0, -1)}${c}`)).toBeNull()
    for (const junk of ['', '.', 'abc', `${payload}.`, `${payload}.${sig}.x`, 'a'.repeat(700), '<script>.aaaaaaaaaaaaaaaaaaaaaa'])
      expect(readLink('k', junk)).toBeNull()
  })
})

describe('personal links against the database', () => {
  let t: TestDb
  const clock = new ManualClock('2026-03-02T01:00:00Z')
  beforeEach(async () => {
    t = await createTestDb(clock)
    await seedUnits(t.db, [['U', '县政府']])
    await seedOfficials(t.db, [
      { id: 'X1', name: '张三', unitCode: 'U' },
      { id: 'X2', name: '李四', unitCode: 'U' },
    ])
  })
  afterEach(() => t.cleanup())

  it('issues a URL that checks out for its person, until it expires', async () => {
    const issuer = await createLinkIssuer(t.db, 'https://xuefa.example.gov.cn', () => clock.now())
    const url = issuer.url('X1', 'session', 'S-1', new Date('2026-03-03T01:00:00Z'))
    expect(url).toMatch(/^https:\/\/xuefa\.example\.gov\.cn\/m\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/)
    const token = url.split('/m/')[1]!
    expect(await checkLink(t.db, token, clock.now())).toMatchObject({
      ok: true,
      claims: { officialId: 'X1', purpose: 'session', ref: 'S-1' },
    })
    expect(await checkLink(t.db, token, new Date('2026-03-03T01:00:01Z'))).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('a second issuer of the same database signs with the same key', async () => {
    const a = await createLinkIssuer(t.db, 'http://h', () => clock.now())
    const b = await createLinkIssuer(t.db, 'http://h', () => clock.now())
    const exp = new Date('2026-03-03T01:00:00Z')
    expect(a.token('X2', 'exam', '7', exp)).toBe(b.token('X2', 'exam', '7', exp))
  })

  it("revokes a person's earlier links only, and not another's", async () => {
    const issuer = await createLinkIssuer(t.db, 'http://h', () => clock.now())
    const exp = new Date('2026-03-10T00:00:00Z')
    const old1 = issuer.token('X1', 'session', 'S-1', exp)
    const old2 = issuer.token('X2', 'session', 'S-1', exp)
    clock.advance(5_000)
    await revokeLinks(t.db, 'X1', clock.now(), { actor: 'test' })
    expect(await checkLink(t.db, old1, clock.now())).toMatchObject({ ok: false, reason: 'revoked', claims: { officialId: 'X1' } })
    // the issuer's own check (the key loaded once) says the same as checkLink
    expect(await issuer.check(old1, clock.now())).toMatchObject({ ok: false, reason: 'revoked', claims: { officialId: 'X1' } })
    expect(await issuer.check(signLink('not-ours', claims), clock.now())).toEqual({ ok: false, reason: 'invalid' })
    expect((await checkLink(t.db, old2, clock.now())).ok).toBe(true)
    clock.advance(1_000)
    expect((await checkLink(t.db, issuer.token('X1', 'session', 'S-1', exp), clock.now())).ok).toBe(true)
    const audit = await t.db.execute("SELECT action, entity_id FROM audit_log WHERE action = 'links.revoke'")
    expect(audit.rows.map((r) => r.entity_id)).toEqual(['X1'])
  })

  it('says invalid for a token signed with another key', async () => {
    expect(await checkLink(t.db, signLink('not-ours', claims), clock.now())).toEqual({ ok: false, reason: 'invalid' })
  })
})
