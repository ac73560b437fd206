/** The test side of scripts/reliability/accounts-driver.ts: a xuefa process running some bot accounts, started, talked to, killed. */
import type { ChildProcess } from 'node:child_process'
import { compileScript, type CompiledScript } from '../../helpers/compile-script.js'
import { encodeTime, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'
import { spawnLineChild } from './line-child.js'

export interface Heard {
  /** the process that sent it (its name in the test) */
  process: string
  account: string
  to: string
  text: string
}

export interface AccountsProcess {
  name: string
  child: ChildProcess
  pid: number
  base: string
  /** the contact `from` writes `text` to the bot account `account` of this process */
  say(account: string, from: string, text: string): void
  /** runs the scheduler's tick now; resolves once it has run */
  tick(): Promise<void>
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>
  stderr(): string
}

export function compileAccountsDriver(): Promise<CompiledScript> {
  return compileScript({ name: 'accounts-driver', entry: 'scripts/reliability/accounts-driver.ts' })
}

export interface SpawnedProcess {
  /**
   * Starts xuefa in it with this configuration (XUEFA_DB_URL, XUEFA_BOT_ACCOUNTS, XUEFA_BOT_RUN, …) and this time;
   * resolves once it is ready. `onHeard` gets every message its bots send to a contact, in order. With `freeze`, the
   * process stops dead inside the send of the `at`-th message containing `text` (out, not yet recorded as sent).
   */
  go(
    name: string,
    env: Record<string, string>,
    time: DilatedTime,
    onHeard: (h: Heard) => void,
    freeze?: { text: string; at: number },
  ): Promise<AccountsProcess>
  /** for one that is not needed */
  discard(): void
}

/** A process that loads its modules now (Wechaty's take seconds) and starts when told to. */
export function spawnAccountsProcess(driver: CompiledScript): SpawnedProcess {
  const p = spawnLineChild<{ ready?: boolean; port?: number; pid?: number; heard?: Omit<Heard, 'process'>; ticked?: number }>(
    driver.file,
    [],
  )
  return {
    discard: () => void p.child.kill('SIGKILL'),
    go: (name, env, time, onHeard, freeze) =>
      new Promise((resolve, reject) => {
        void p.exited.then((code) => reject(new Error(`${name} exited with ${code} before ready:\n${p.stderr()}`)))
        p.listen((e) => {
          if (e.heard) onHeard({ process: name, ...e.heard })
          if (e.ready)
            resolve({
              name,
              child: p.child,
              pid: e.pid!,
              base: `http://127.0.0.1:${e.port}`,
              say: (account, from, text) => p.send({ say: { account, from, text } }),
              tick: () => p.tick(name),
              exited: p.exited,
              stderr: p.stderr,
            })
        })
        p.send({ go: encodeTime(time), env, freeze })
      }),
  }
}
