import { DEMO_COPY as C } from '../demo/copy.zh.js'
import { runDemo } from '../demo/run-demo.js'
import { serveDemoDatabase } from '../demo/keep.js'
import { DemoStepError } from '../demo/wechat.js'
import { readConfig } from './context.js'
import { CliExit } from './exit.js'
import type { CliIo } from './io.js'

export interface DemoCliOptions {
  seed: number
  year?: number
  outDir?: string
  keep?: boolean
  verbose?: boolean
}

// The demo brings Wechaty and its mock puppet: this module is loaded only when the demo runs.
export async function runDemoCommand(io: CliIo, opts: DemoCliOptions): Promise<void> {
  const config = opts.keep ? await readConfig(io.env) : null
  const progress = (line: string) => void io.stderr.write(`${line}\n`)
  try {
    const result = await runDemo({
      seed: opts.seed,
      year: opts.year,
      outDir: opts.outDir,
      keepDatabase: opts.keep === true,
      progress,
      logLevel: opts.verbose ? 'info' : 'silent',
    })
    io.stdout.write(result.printed)
    progress(C.elapsed((result.elapsedMs / 1000).toFixed(1)))
    if (!config) {
      progress(C.dbRemoved)
      return
    }
    await serveDemoDatabase(result.dbUrl, result.token, config, progress).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new CliExit(1, C.portTaken(config.PORT, result.dbUrl.replace(/^file:/, '')))
      throw e
    })
  } catch (e) {
    if (e instanceof DemoStepError) throw new CliExit(1, C.failed(e.message))
    throw e
  }
}
