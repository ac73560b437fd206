/** The 学法清单 row (study-list.rules.ts): a unit, a year, one law or several (「；」「、」), and who it applies to. */
import { z } from 'zod'
import { APPLIES_TO, type AppliesTo } from '../reports/study-list.rules.js'
import { enumOf, optionalText, requiredCode, requiredParsed, requiredText } from './row-fields.js'
import { parseLaws } from './values.js'

const APPLIES_TO_WORDS: Readonly<Record<string, AppliesTo>> = {
  ...Object.fromEntries(APPLIES_TO.map((c) => [c, c])),
  全体人员: 'all',
  全体: 'all',
  全员: 'all',
  领导班子成员: 'leaders',
  领导班子: 'leaders',
  领导干部: 'leaders',
  主要负责人: 'principals',
  执法人员: 'enforcement',
  行政执法人员: 'enforcement',
}

const year = (s: string) => (/^\d{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2100 ? Number(s) : null)

export function studyListSchema() {
  return z.object({
    unitCode: requiredCode(),
    year: requiredParsed(year, '年度应为 2000 到 2100 之间的四位年份'),
    law: requiredText(1000).transform((v, ctx) => {
      const laws = parseLaws(v)
      if (laws.length === 0) {
        ctx.addIssue({ code: 'custom', message: '没有可识别的法律法规名称' })
        return z.NEVER
      }
      return laws
    }),
    appliesTo: enumOf(APPLIES_TO_WORDS, ['全体人员', '领导班子成员', '主要负责人', '执法人员']),
    note: optionalText(200),
  })
}

export type StudyListRecord = z.output<ReturnType<typeof studyListSchema>>
