/** What an import tells a person in Chinese (the API, the dashboard and the CLI show the same words). */
import type { Leaver, UnitToConfirm } from './import.types.js'

/** 张三、李四（共 5 人） — names, at most `max` of them. */
export function namesOf(people: readonly { name: string }[], max = 20): string {
  const shown = people.slice(0, max).map((p) => p.name)
  return people.length > max ? `${shown.join('、')} 等 ${people.length} 人` : shown.join('、')
}

export const LEAVERS = {
  refused: (u: UnitToConfirm) =>
    `本文件将把「${u.unitName}」（${u.unitCode}）现有 ${u.current} 人中的 ${u.leaving.length} 人标记为离开：${namesOf(u.leaving)}。超过一半，可能传错了文件；如确属实，请确认标记离开后重新导入（页面勾选「确认标记离开」，命令行加 --confirm-leavers，接口加 confirmLeavers=true）。`,
  warning: (u: UnitToConfirm) =>
    `「${u.unitName}」（${u.unitCode}）现有 ${u.current} 人中将有 ${u.leaving.length} 人标记为离开，超过一半：正式导入时需确认标记离开。`,
  /** one line per unit: 县政府办（PL-A）：张三、李四 */
  list: (leavers: readonly Leaver[]) => {
    const byUnit = new Map<string, Leaver[]>()
    for (const l of leavers) {
      const group = byUnit.get(l.unitCode)
      if (group) group.push(l)
      else byUnit.set(l.unitCode, [l])
    }
    return [...byUnit.values()].map((ls) => `${ls[0]!.unitName}（${ls[0]!.unitCode}）：${namesOf(ls, 200)}`)
  },
  willLeave: (n: number) => `将有 ${n} 人不在新名单中，导入后标记为离开（记录保留）：`,
  left: (n: number) => `${n} 人不在新名单中，已标记为离开（记录保留）：`,
}

/** A file over one of its kind's limits (limits.ts): the limit is named. */
export const LIMITS = {
  rows: (max: number) => `文件超过 ${max.toLocaleString('en-US')} 行数据的上限，未导入；请拆成几个文件分别导入`,
  /** `count`: null when the row was too long to be read to its end */
  columns: (count: number | null, max: number) =>
    `本行${count === null ? '' : `有 ${count.toLocaleString('en-US')} 列，`}超过每行 ${max} 列的上限；请删去多余的列（表头只需本类导入的列）`,
  cell: (max: number) => `单元格超过 ${max.toLocaleString('en-US')} 个字的上限`,
  bytes: (max: number) => `文件超过 ${Math.round(max / (1024 * 1024))} MB 的上限，未导入；请拆成几个文件分别导入`,
  memory: '文件内容过多，读取时超出内存上限，未导入；请拆成几个文件分别导入',
  /** after the first problems: how many more there are */
  more: (n: number, shown: number) =>
    `另有 ${n.toLocaleString('en-US')} 个问题未列出（只列出前 ${shown} 个），请先改正以上问题后重新导入检查`,
}
