/**
 * The formats a report and a ledger are written in. Imports nothing, so that `xuefa report --help` lists them
 * without loading a renderer.
 */
export const REPORT_FORMATS = ['json', 'md', 'docx'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
export const LEDGER_FORMATS = ['xlsx', 'csv'] as const
export type LedgerFormat = (typeof LEDGER_FORMATS)[number]
/** the province roll-up (issue 19) */
export const ROLLUP_FORMATS = ['json', 'md'] as const
export type RollupFormat = (typeof ROLLUP_FORMATS)[number]
