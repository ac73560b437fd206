import { spawn, type ChildProcess } from 'node:child_process'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli/main.js'
import { createSignal } from './signal.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The real bin: it runs the compiled dist/ (compiled before the tests start, see tests/setup/compiled.ts). */
export const BIN = fileURLToPath(new URL('../../bin/xuefa.js', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** A stream that keeps what is written to it. */
class Captured extends Writable {
  private readonly chunks: Buffer[] = []
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk)
    done()
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/**
 * Runs `xuefa …` in this process: the program as the bin runs it, with `env` as its whole environment (nothing
 * from the shell's) and its stdout and stderr captured. What most command-line tests need; `runXuefa` is for
 * tests of the process itself.
 */
export async function runXuefaHere(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout = new Captured()
  const stderr = new Captured()
  const code = await runCli(['node', 'xuefa', ...args], { stdout, stderr, env: { XUEFA_LOG_LEVEL: 'warn', ...env } })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

/** Runs `xuefa …` as a child process, the way a user would. */
export function runXuefa(args: string[], env: Record<string, string> = {}, nodeOptions: string[] = []): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, XUEFA_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Starts a long-running `xuefa …` and resolves once `ready` matches its output. It rejects if the process exits
 * first; there is no time limit of its own (the test's timeout is the limit, and a busy machine only makes it slower).
 */
export function startXuefa(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string; printed: (text: string) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const news = createSignal()
    // resolves once the output (stdout and stderr) contains `text`
    const printed = (text: string) => news.until(() => out.includes(text)).then(() => undefined)
    const onData = (d: Buffer) => {
      out += d.toString()
      news.notify()
      const m = out.match(ready)
      if (m) resolve({ child, match: m, output: () => out, printed })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${out}`)))
  })
}

export function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
    child.on('exit', (code) => resolve(code))
  })
}
