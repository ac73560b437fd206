/** The test side of scripts/reliability/crash-driver.ts: spawn it (it loads its modules), start it, talk to it, kill it. */
import type { ChildProcess } from 'node:child_process'
import { compileScript, type CompiledScript } from '../../helpers/compile-script.js'
import type { TestDb } from '../../helpers/db.js'
import { encodeTime, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'
import { spawnLineChild } from './line-child.js'
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
  const p = spawnLineChild<{ ready?: boolean; port?: number; heard?: { to: string; text: string }; ticked?: number }>(
    driver.file,
    [db.XUEFA_DB_URL],
    { ...db, XUEFA_WEBHOOK_SECRET: WEBHOOK_SECRET },
  )
  return {
    discard: () => void p.child.kill('SIGKILL'),
    go(time, onHeard) {
      return new Promise((resolve, reject) => {
        // no time limit of its own: a busy machine only makes the start slower (the test's timeout is the limit)
        void p.exited.then((code) => reject(new Error(`driver exited with ${code} before ready:\n${p.stderr()}`)))
        p.listen((e) => {
          if (e.heard) onHeard(e.heard.to, e.heard.text)
          if (!e.ready) return
          resolve({
            child: p.child,
            port: e.port!,
            base: `http://127.0.0.1:${e.port}`,
            say: (from, id, text) => p.send({ say: { from, id, text } }),
            tick: () => p.tick('driver'),
            exited: p.exited,
            stderr: p.stderr,
          })
        })
        p.send({ go: encodeTime(time) })
      })
    },
  }
}
