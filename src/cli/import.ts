import { Command } from 'commander'
import type { CliIo } from './io.js'
import type { ImportOptions } from './import.action.js'

// The kinds are listed for the help, not imported with the importers; the action checks against IMPORT_KINDS.
const KINDS = 'units, officials, sessions, attendance, questions, exam-results'

export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description(`all-or-nothing import of a CSV or XLSX file (${KINDS})`)
    .argument('<kind>', KINDS.replaceAll(', ', ' | '))
    .argument('<file>', 'file.csv or file.xlsx (UTF-8, English or Chinese headers)')
    .option('--dry-run', 'check every row and print the counts without writing anything')
    .action(async (kind: string, file: string, opts: ImportOptions) =>
      (await import('./import.action.js')).runImportFile(io, kind, file, opts),
    )
}
