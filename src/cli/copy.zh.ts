import type { ImportProblem } from '../imports/import.types.js'

/** What the `xuefa` commands say to the person at the terminal, where more than one command says it. */
export const CLI = {
  /** as the importers say it: robot add, bind-codes */
  unitNotFound: (code: string) => `单位「${code}」不存在，请先导入单位`,
  officialNotFound: (id: string) => `人员「${id}」不在花名册中，请先导入人员`,
  sessionNotFound: (id: string) => `活动「${id}」不存在`,
  sessionNotInUnit: (id: string, unit: string) => `活动「${id}」不是单位「${unit}」或其下属单位组织的`,
  badDate: (flag: string) => `${flag} 应为日期 YYYY-MM-DD，例如 2025-03-04`,
  positiveWhole: (flag: string) => `${flag} 应为正整数`,
  /** one problem of a refused import file, with its line and column as the file has them */
  importProblem: (p: ImportProblem) => `第 ${p.line} 行「${p.column}」：${p.message}`,
}
