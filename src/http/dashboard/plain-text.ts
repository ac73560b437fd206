/** The dashboard's forms and the one rule of src/text.ts for ids, names and titles: the refusal, in Chinese. */
import { codePointName, findInvisible } from '../../text.js'
import { FORM } from './views/copy.zh.js'

/** 「主题」的第 3 个字是不可见字符或控制字符（U+200B）… — or null when `value` holds none. */
export function invisibleProblem(field: string, value: string): string | null {
  const found = findInvisible(value)
  return found ? FORM.invisible(field, codePointName(found.codePoint), found.position) : null
}
