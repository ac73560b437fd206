import { Command } from 'commander'
import { IMPORT_KINDS } from '../imports/import.types.js'
import type { CliIo } from './io.js'
import type { ImportOptions } from './import.action.js'

export function importCommand(io: CliIo): Command {
  // <kind> is not given commander's choices: the action refuses another kind in Chinese
  return new Command('import')
    .description(`all-or-nothing import of a CSV or XLSX file (${IMPORT_KINDS.join(', ')})`)
    .argument('<kind>', IMPORT_KINDS.join(' | '))
    .argument('<file>', 'file.csv or file.xlsx (UTF-8, English or Chinese headers)')
    .option('--dry-run', 'check every row and print the counts without writing anything')
    .option('--confirm-leavers', 'officials: confirm marking as left more than half of a unit’s current people')
    .action(async (kind: string, file: string, opts: ImportOptions) =>
      (await import('./import.action.js')).runImportFile(io, kind, file, opts),
    )
}
