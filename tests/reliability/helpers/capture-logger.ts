import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../../src/log.js'

/** A real (pino) logger whose JSON lines are kept, so a test can see what operators would read. */
export function createCaptureLogger(level: 'info' | 'warn' | 'error' = 'warn'): {
  logger: Logger
  lines: () => { level: number; msg: string; [k: string]: unknown }[]
} {
  const raw: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l.trim() !== ''),
      )
      done()
    },
  })
  return { logger: createLogger(level, sink), lines: () => raw.map((l) => JSON.parse(l) as { level: number; msg: string }) }
}
