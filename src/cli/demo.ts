import { Command, InvalidArgumentError } from 'commander'
import { DEMO_COPY as C } from '../demo/copy.zh.js'
import { CliExit, readConfig } from './context.js'

interface DemoCliOptions {
  seed: number
  year?: number
  outDir?: string
  keep?: boolean
  verbose?: boolean
}

function wholeNumber(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`)
    return n
  }
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('an offline, simulated year of 学法 (mock WeChat, temporary database) that ends by printing the annual report')
    .option('--seed <n>', 'another, equally repeatable run', wholeNumber(0, 2 ** 31 - 1), 1)
    .option('--year <year>', 'the year simulated and reported (default: last year)', wholeNumber(2000, 2100))
    .option('--out-dir <dir>', 'where the report DOCX and the ledger XLSX are written (default: the temporary directory)')
    .option('--keep', 'keep the database and serve the dashboard on it (PORT, default 8787) until Ctrl+C')
    .option('--verbose', "also show the app's own logs (JSON lines on stderr)")
    .addHelpText(
      'after',
      '\nProgress goes to stderr, the report to stdout. Needs no network and no WeChat account.\n\nExample: npm run demo -- --seed 7 --out-dir ./demo-out',
    )
    .action(async (opts: DemoCliOptions) => {
      // the demo brings Wechaty and its mock puppet: loaded only when asked for
      const { runDemo } = await import('../demo/run-demo.js')
      const { serveDemoDatabase } = await import('../demo/keep.js')
      const { DemoStepError } = await import('../demo/wechat.js')
      const config = opts.keep ? readConfig() : null
      const progress = (line: string) => process.stderr.write(`${line}\n`)
      try {
        const result = await runDemo({
          seed: opts.seed,
          year: opts.year,
          outDir: opts.outDir,
          keepDatabase: opts.keep === true,
          progress,
          logLevel: opts.verbose ? 'info' : 'silent',
        })
        process.stdout.write(result.printed)
        progress(C.elapsed((result.elapsedMs / 1000).toFixed(1)))
        if (!config) {
          progress(C.dbRemoved)
          return
        }
        await serveDemoDatabase(result.dbUrl, result.token, config, progress).catch((e: unknown) => {
          if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliExit(1, C.portTaken(config.PORT))
          throw e
        })
      } catch (e) {
        if (e instanceof DemoStepError) throw new CliExit(1, C.failed(e.message))
        throw e
      }
    })
}
