/**
 * A driver of scripts/reliability (crash-driver.ts, accounts-driver.ts) as its own process, spoken to in JSON lines:
 * one per message on its stdin; its events on stdout, each line starting "@@" (the rest of stdout is ignored).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface LineChild<E> {
  child: ChildProcess
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>
  /** the last 20,000 characters of its stderr */
  stderr(): string
  send(message: object): void
  /** `on` gets every event from now on (a `ticked` one answers tick() too) */
  listen(on: (event: E) => void): void
  /** runs the scheduler's tick now; resolves once it has run. `who` names the process if it exits first. */
  tick(who: string): Promise<void>
}

/** Spawns `node file ...args` with this environment over the test's (logs at error, Wechaty's silent). */
export function spawnLineChild<E extends { ticked?: number }>(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): LineChild<E> {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, XUEFA_LOG_LEVEL: 'error', WECHATY_LOG: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  let buffered = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)))
  child.stdin!.on('error', () => undefined) // writes to a killed child
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  const ticks = new Map<number, () => void>()
  let on: (e: E) => void = () => undefined
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString()
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      if (!line.startsWith('@@')) continue
      const e = JSON.parse(line.slice(2)) as E
      if (e.ticked !== undefined) ticks.get(e.ticked)?.()
      on(e)
    }
  })
  const send = (message: object) => void child.stdin!.write(`${JSON.stringify(message)}\n`)
  return {
    child,
    exited,
    stderr: () => err,
    send,
    listen: (fn) => {
      on = fn
    },
    tick: (who) =>
      new Promise<void>((ticked, failed) => {
        const n = ticks.size + 1
        ticks.set(n, ticked)
        void exited.then((code) => failed(new Error(`${who} exited with ${code} during a tick:\n${err}`)))
        send({ tick: n })
      }),
  }
}
