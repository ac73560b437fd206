import { Command, InvalidArgumentError } from 'commander'
import type { CliIo } from './io.js'
import type { DemoCliOptions } from './demo.action.js'

function wholeNumber(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`)
    return n
  }
}

export function demoCommand(io: CliIo): Command {
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
    .action(async (opts: DemoCliOptions) => (await import('./demo.action.js')).runDemoCommand(io, opts))
}
