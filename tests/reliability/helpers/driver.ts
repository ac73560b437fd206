/** The test side of scripts/reliability/crash-driver.ts: spawn it (it loads its modules), start it, talk to it, kill it. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { compileScript, type CompiledScript } from '../../helpers/compile-script.js'
import type { TestDb } from '../../helpers/db.js'
import { encodeTime, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const WEBHOOK_SECRET = 'reliability-webhook-secret-0123'

export interface Driver {
  child: ChildProcess
  port: number
  base: string
  /** the contact `from` writes `text` to the bot */
  say(from: string, id: string, text: string): void
  /** runs the scheduler's tick now; resolves once it has run */
  tick(): Promise<void>
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>
  stderr(): string
}

export interface SpawnedDriver {
  /** starts the server with this time; `onHeard` gets every message the bot sends to a contact, in order */
  go(time: DilatedTime, onHeard: (to: string, text: string) => void): Promise<Driver>
  /** for a spawned driver that is not needed */
  discard(): void
}

/** The driver compiled once, for all the lives of a chain. */
export function compileDriver(): Promise<CompiledScript> {
  return compileScript({ name: 'crash-driver', entry: 'scripts/reliability/crash-driver.ts' })
}

/** `db`: the database's settings (TestDb's env: the URL, and the namespace on sqld) */
export function spawnDriver(driver: CompiledScript, db: TestDb['env']): SpawnedDriver {
  const child = spawn(process.execPath, [driver.file, db.XUEFA_DB_URL], {
    cwd: ROOT,
    env: { ...process.env, ...db, XUEFA_WEBHOOK_SECRET: WEBHOOK_SECRET, XUEFA_LOG_LEVEL: 'error', WECHATY_LOG: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  let buffered = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)))
  child.stdin!.on('error', () => undefined) // writes to a killed child
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  let onEvent: (e: { ready?: boolean; port?: number; heard?: { to: string; text: string }; ticked?: number }) => void = () => undefined
  const ticks = new Map<number, () => void>()
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString()
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      if (line.startsWith('@@')) onEvent(JSON.parse(line.slice(2)) as Parameters<typeof onEvent>[0])
    }
  })
  return {
    discard: () => void child.kill('SIGKILL'),
    go(time, onHeard) {
      return new Promise((resolve, reject) => {
        // no time limit of its own: a busy machine only makes the start slower (the test's timeout is the limit)
        void exited.then((code) => reject(new Error(`driver exited with ${code} before ready:\n${err}`)))
        onEvent = (e) => {
          if (e.heard) onHeard(e.heard.to, e.heard.text)
          if (e.ticked !== undefined) ticks.get(e.ticked)?.()
          if (!e.ready) return
          resolve({
            child,
            port: e.port!,
            base: `http://127.0.0.1:${e.port}`,
            say: (from, id, text) => void child.stdin!.write(`${JSON.stringify({ say: { from, id, text } })}\n`),
            tick: () =>
              new Promise<void>((ticked, failed) => {
                const n = ticks.size + 1
                ticks.set(n, ticked)
                void exited.then((code) => failed(new Error(`driver exited with ${code} during a tick:\n${err}`)))
                child.stdin!.write(`${JSON.stringify({ tick: n })}\n`)
              }),
            exited,
            stderr: () => err,
          })
        }
        child.stdin!.write(`${JSON.stringify({ go: encodeTime(time) })}\n`)
      })
    },
  }
}
