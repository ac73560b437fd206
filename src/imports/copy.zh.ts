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
    for (const l of leavers) byUnit.set(l.unitCode, [...(byUnit.get(l.unitCode) ?? []), l])
    return [...byUnit.values()].map((ls) => `${ls[0]!.unitName}（${ls[0]!.unitCode}）：${namesOf(ls, 200)}`)
  },
  willLeave: (n: number) => `将有 ${n} 人不在新名单中，导入后标记为离开（记录保留）：`,
  left: (n: number) => `${n} 人不在新名单中，已标记为离开（记录保留）：`,
}
