/**
 * zod field builders for import rows. A cell arrives as a string ('' when empty) when its column is in the
 * file and as `undefined` when the column is not: optional fields keep that `undefined` so that a
 * re-import leaves alone what the file does not speak about. Messages are for organizers, in Chinese.
 */
import { z } from 'zod'
import { cleanText, codePointName, findInvisible, type InvisibleChar } from '../text.js'
import { lookupEnum, parseBoolean } from './values.js'

export const MESSAGES = {
  empty: '不能为空',
  invisible: (codePoint: number, position: number) =>
    `第 ${position} 个字是不可见字符或控制字符（${codePointName(codePoint)}），请删去后重新导入（常见于从网页或聊天中复制的内容）`,
  tooLong: (max: number) => `不能超过 ${max} 个字`,
  code: '只能由字母、数字、汉字和 - _ . 组成，不能含空格或“/”',
  boolean: '应填 是 或 否（也可填 true/false、1/0）',
  time: '时间格式应为 YYYY-MM-DD HH:mm，或带时区的 ISO 8601',
  date: '日期格式应为 YYYY-MM-DD',
  oneOf: (words: readonly string[]) => `应为 ${words.join('、')} 之一`,
  notStarted: (sessionId: string, day: string) => `活动「${sessionId}」${day} 才开始：开始前只能导入请假，出勤情况请在活动开始后导入`,
  beforeJoined: (officialId: string, joined: string, sessionId: string, day: string) =>
    `人员「${officialId}」${joined} 入职，晚于活动「${sessionId}」（${day}）：这条出勤照常导入，但不计入统计（入职前的活动不算应参学）`,
} as const

function fail(ctx: z.RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER
}

/** Texts of several lines (a question's stem, answer, explanation) keep their line breaks and tabs. */
interface TextOptions {
  lines?: boolean
}

const invisible = (ctx: z.RefinementCtx, found: InvisibleChar) => fail(ctx, MESSAGES.invisible(found.codePoint, found.position))

/** A required cell, trimmed. */
export function requiredText(max = 200, opts: TextOptions = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      // control and invisible characters refused, the rest normalised (NFC, spaces): the one rule of src/text.ts
      const clean = cleanText(v ?? '', opts)
      if (!clean.ok) return invisible(ctx, clean.found)
      const s = clean.value
      if (s === '') return fail(ctx, MESSAGES.empty)
      if (s.length > max) return fail(ctx, MESSAGES.tooLong(max))
      return s
    })
}

/** An identifier (unit code, official id, session id): also used inside unit paths, hence no '/'. */
export function requiredCode(max = 64) {
  return requiredText(max).refine((s) => /^[^\s/\\]+$/.test(s), MESSAGES.code)
}

/** An optional cell: `undefined` when its column is absent, `null` when empty. */
export function optionalText(max = 200, opts: TextOptions = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined
      const clean = cleanText(v, opts)
      if (!clean.ok) return invisible(ctx, clean.found)
      const s = clean.value
      if (s.length > max) return fail(ctx, MESSAGES.tooLong(max))
      return s === '' ? null : s
    })
}

/**
 * A cell read by `parse` (null = not valid → `message`). Empty: `null`, or the required-message when required;
 * an absent column stays `undefined`.
 */
export function parsed<T>(parse: (s: string) => T | null, message: string, opts: { required?: boolean } = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx): T | null | undefined => {
      if (v === undefined && !opts.required) return undefined
      const s = (v ?? '').trim()
      const found = findInvisible(s)
      if (found) return invisible(ctx, found)
      if (s === '') return opts.required ? fail(ctx, MESSAGES.empty) : null
      const value = parse(s)
      return value === null ? fail(ctx, message) : value
    })
}

/** A required value, so the type carries no null/undefined. */
export function requiredParsed<T>(parse: (s: string) => T | null, message: string) {
  return parsed(parse, message, { required: true }) as unknown as z.ZodType<T, string | undefined>
}

/** An empty flag is 否; an absent column stays `undefined`. */
export function flag() {
  return parsed(parseBoolean, MESSAGES.boolean).transform((v) => (v === null ? false : v))
}

/** An enum given by its code or its Chinese name; `words` lists the Chinese spellings for the message. */
export function enumOf<T extends string>(
  table: Readonly<Record<string, T>>,
  words: readonly string[],
  required: true,
): z.ZodType<T, string | undefined>
export function enumOf<T extends string>(
  table: Readonly<Record<string, T>>,
  words: readonly string[],
  required?: false,
): z.ZodType<T | null | undefined, string | undefined>
export function enumOf<T extends string>(table: Readonly<Record<string, T>>, words: readonly string[], required = false) {
  return parsed((s) => lookupEnum(table, s), MESSAGES.oneOf(words), { required })
}
