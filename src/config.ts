import { z } from 'zod'

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const onOff = z.enum(['on', 'off'])

/** `a, b,,a` → ['a', 'b']: the names of a comma-separated list, trimmed, without blanks or repeats. */
const commaList = (s: string): string[] => [
  ...new Set(
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
  ),
]

/** CONTRACT §7, plus additions (marked) that only extend it. */
export const configSchema = z.object({
  XUEFA_DB_URL: z
    .string()
    .default('file:./data/xuefa.db')
    .refine((u) => /^(file:|libsql:|https?:|wss?:)/.test(u), 'must start with file:, libsql://, http://, https://, ws:// or wss://'),
  XUEFA_DB_AUTH_TOKEN: z.string().min(1).optional(),
  /** (addition) a namespace of a libSQL server with namespaces: sent as the first label of the Host (storage/remote-fetch.ts) */
  XUEFA_DB_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and - (a host name label), e.g. pingluo')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  XUEFA_TZ: z.string().default('Asia/Shanghai').refine(isTimeZone, 'is not an IANA time zone (e.g. Asia/Shanghai)'),
  XUEFA_BOT: onOff.default('on'),
  WECHATY_PUPPET: z.string().min(1).optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  XUEFA_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .refine(
      (s) => !s.startsWith('whsec_') || (/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s.slice(6), 'base64').length >= 16),
      'a whsec_ secret must be whsec_ and the base64 of at least 16 bytes (Standard Webhooks)',
    )
    .optional(),
  XUEFA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // additions
  /** load the starter question bank on migrate / first start */
  XUEFA_BANK: onOff.default('on'),
  /** comma-separated origins allowed by CORS; CORS is off when unset */
  XUEFA_CORS_ORIGINS: z.string().optional(),
  /** largest accepted body of an import (API POST /import/:kind, the dashboard's import form), bytes */
  XUEFA_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** largest accepted body of every other request (JSON, forms), bytes */
  XUEFA_JSON_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** on: the client address is the last X-Forwarded-For entry (only behind a reverse proxy you run) */
  XUEFA_TRUST_PROXY: onOff.default('off'),
  /**
   * the WeChat bot accounts of this deployment, comma-separated names (each its own login, pacer and daily cap);
   * officials are assigned to one when they bind
   */
  XUEFA_BOT_ACCOUNTS: z
    .string()
    .default('default')
    .transform(commaList)
    .refine((a) => a.length > 0 && a.every((x) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(x)), {
      message: 'must be comma-separated names of letters, digits, _ and - (at most 32 each), e.g. a,b,c',
    }),
  /**
   * the accounts whose bots and senders this process runs, comma-separated (default: all of XUEFA_BOT_ACCOUNTS);
   * for one process per account, e.g. XUEFA_BOT_RUN=a in one and XUEFA_BOT_RUN=b in another
   */
  XUEFA_BOT_RUN: z.string().transform(commaList).optional(),
  /**
   * the puppet service token of each account, `name=token` pairs separated by commas (e.g. a=puppet_padlocal_1,b=…);
   * an account not named uses WECHATY_PUPPET_SERVICE_TOKEN
   */
  XUEFA_BOT_TOKENS: z
    .string()
    .transform((s, ctx) => {
      const tokens: Record<string, string> = {}
      for (const pair of s.split(',').map((x) => x.trim())) {
        if (pair === '') continue
        const at = pair.indexOf('=')
        const name = pair.slice(0, at).trim()
        const token = pair.slice(at + 1).trim()
        if (at <= 0 || token === '') ctx.addIssue({ code: 'custom', message: 'must be name=token pairs, e.g. a=token1,b=token2' })
        else tokens[name] = token
      }
      return tokens
    })
    .optional(),
  /** where officials open their personal links (CONTRACT §8), e.g. https://xuefa.example.gov.cn; default http://HOST:PORT */
  XUEFA_PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * (issue 19) the admin API of the libSQL server (sqld --admin-listen-addr), e.g. http://127.0.0.1:9090: where
   * `xuefa namespace create` creates a county's database
   */
  XUEFA_DB_ADMIN_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  /** (issue 19) the admin API's key (sqld --admin-auth-key), sent as `Authorization: basic KEY` */
  XUEFA_DB_ADMIN_TOKEN: z.string().min(1).optional(),
  /**
   * (addition) an embedded replica: the primary libSQL server (sqld, Turso) that XUEFA_DB_URL, a local `file:`, copies;
   * reads are answered from the file, writes go to the primary and are synced back before they are acknowledged
   * (storage/replica.ts). XUEFA_DB_AUTH_TOKEN is the primary's.
   */
  XUEFA_DB_SYNC_URL: z
    .string()
    .refine((u) => /^(libsql:|https?:)\/\//.test(u), 'must start with libsql://, http:// or https:// (the primary libSQL server)')
    .optional(),
  /** (addition) seconds between a replica's syncs while this process writes nothing (its own writes sync at once) */
  XUEFA_DB_SYNC_INTERVAL: z.coerce.number().min(0.05, 'must be at least 0.05 (seconds)').max(86400).default(5),
})

/** The base URL of personal links: XUEFA_PUBLIC_URL, else this server's own listener. */
export function publicBaseUrl(c: Pick<Config, 'XUEFA_PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return c.XUEFA_PUBLIC_URL ?? `http://${c.HOST.includes(':') ? `[${c.HOST}]` : c.HOST}:${c.PORT}`
}

export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Pure: reads only the object it is given. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {}
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key]
    if (value !== undefined && value.trim() !== '') cleaned[key] = value.trim()
  }
  const parsed = configSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const replica = replicaProblems(parsed.data)
  if (replica.length > 0) throw new ConfigError(replica)
  const accounts = parsed.data.XUEFA_BOT_ACCOUNTS
  const unknown = [...(parsed.data.XUEFA_BOT_RUN ?? []), ...Object.keys(parsed.data.XUEFA_BOT_TOKENS ?? {})].filter(
    (a) => !accounts.includes(a),
  )
  if (unknown.length > 0) {
    throw new ConfigError([`XUEFA_BOT_RUN / XUEFA_BOT_TOKENS: ${[...new Set(unknown)].join(', ')} not in XUEFA_BOT_ACCOUNTS`])
  }
  return parsed.data
}

/** An embedded replica is a local file copying a primary reached at its own host name (the sync cannot send another Host). */
function replicaProblems(c: Pick<Config, 'XUEFA_DB_URL' | 'XUEFA_DB_SYNC_URL' | 'XUEFA_DB_NAMESPACE'>): string[] {
  if (c.XUEFA_DB_SYNC_URL === undefined) return []
  const problems: string[] = []
  if (!c.XUEFA_DB_URL.startsWith('file:') || /^file::memory:|mode=memory/.test(c.XUEFA_DB_URL))
    problems.push('XUEFA_DB_URL: with XUEFA_DB_SYNC_URL it must be the local file of the replica, e.g. file:./data/replica.db')
  if (c.XUEFA_DB_NAMESPACE !== undefined)
    problems.push(
      'XUEFA_DB_NAMESPACE: a replica reaches its namespace by the host name in XUEFA_DB_SYNC_URL (e.g. http://pingluo.db.example:8080); unset XUEFA_DB_NAMESPACE',
    )
  return problems
}

/** The bot accounts this process runs: XUEFA_BOT_RUN, else every account. */
export function accountsToRun(c: Pick<Config, 'XUEFA_BOT_ACCOUNTS' | 'XUEFA_BOT_RUN'>): string[] {
  return c.XUEFA_BOT_RUN?.length ? c.XUEFA_BOT_RUN : c.XUEFA_BOT_ACCOUNTS
}
