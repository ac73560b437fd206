/** The test side of scripts/reliability/accounts-driver.ts: a xuefa process running some bot accounts, started, talked to, killed. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { compileScript, type CompiledScript } from '../../helpers/compile-script.js'
import { encodeTime, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

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
  const child = spawn(process.execPath, [driver.file], {
    cwd: ROOT,
    env: { ...process.env, XUEFA_LOG_LEVEL: 'error', WECHATY_LOG: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  let buffered = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)))
  child.stdin!.on('error', () => undefined) // writes to a killed child
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  const ticks = new Map<number, () => void>()
  return {
    discard: () => void child.kill('SIGKILL'),
    go: (name, env, time, onHeard, freeze) =>
      new Promise((resolve, reject) => {
        void exited.then((code) => reject(new Error(`${name} exited with ${code} before ready:\n${err}`)))
        child.stdout!.on('data', (d: Buffer) => {
          buffered += d.toString()
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            const line = buffered.slice(0, nl)
            buffered = buffered.slice(nl + 1)
            if (!line.startsWith('@@')) continue
            const e = JSON.parse(line.slice(2)) as {
              ready?: boolean
              port?: number
              pid?: number
              heard?: Omit<Heard, 'process'>
              ticked?: number
            }
            if (e.heard) onHeard({ process: name, ...e.heard })
            if (e.ticked !== undefined) ticks.get(e.ticked)?.()
            if (e.ready)
              resolve({
                name,
                child,
                pid: e.pid!,
                base: `http://127.0.0.1:${e.port}`,
                say: (account, from, text) => void child.stdin!.write(`${JSON.stringify({ say: { account, from, text } })}\n`),
                tick: () =>
                  new Promise<void>((ticked, failed) => {
                    const n = ticks.size + 1
                    ticks.set(n, ticked)
                    void exited.then((code) => failed(new Error(`${name} exited with ${code} during a tick:\n${err}`)))
                    child.stdin!.write(`${JSON.stringify({ tick: n })}\n`)
                  }),
                exited,
                stderr: () => err,
              })
          }
        })
        child.stdin!.write(`${JSON.stringify({ go: encodeTime(time), env, freeze })}\n`)
      }),
  }
}
