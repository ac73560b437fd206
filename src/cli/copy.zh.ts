import type { ImportProblem } from '../imports/import.types.js'

/** What the `xuefa` commands say to the person at the terminal, where more than one command says it. */
export const CLI = {
  /** as the importers say it: robot add, bind-codes */
  unitNotFound: (code: string) => `单位「${code}」不存在，请先导入单位`,
  /** one problem of a refused import file, with its line and column as the file has them */
  importProblem: (p: ImportProblem) => `第 ${p.line} 行「${p.column}」：${p.message}`,
}
