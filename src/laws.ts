/**
 * Law titles as sessions, questions, materials, quizzes, exams and imports name them: one spelling for one law.
 * `normalizeLawTitle` is the one rule; every write and every draw by law goes through it, and stored titles
 * written before it are brought to it when the database is migrated (`storage/law-titles.ts`).
 */

const PRC = '中华人民共和国'

/**
 * The canonical title (the full formal name, as the starter bank's `law` column writes it) of laws officials
 * commonly name by a short name: the bank's eight, and those county reports and study plans name most. A title
 * of the form 「X法」 whose 「中华人民共和国X法」 is listed here is that law too; other short names are listed.
 */
const CANONICAL: Readonly<Record<string, readonly string[]>> = {
  中华人民共和国宪法: ['宪法', '现行宪法'],
  中华人民共和国行政复议法: ['复议法'],
  中华人民共和国行政处罚法: ['处罚法'],
  中华人民共和国行政许可法: ['许可法'],
  中华人民共和国民法典: [],
  中华人民共和国政府信息公开条例: ['政府信息公开条例', '政务公开条例', '信息公开条例'],
  重大行政决策程序暂行条例: ['重大行政决策条例'],
  优化营商环境条例: [],
  中华人民共和国行政诉讼法: [],
  中华人民共和国公职人员政务处分法: ['政务处分法'],
  中华人民共和国行政强制法: [],
  中华人民共和国国家赔偿法: [],
  中华人民共和国立法法: [],
  中华人民共和国监察法: [],
  中华人民共和国安全生产法: ['安全法'],
  中华人民共和国突发事件应对法: [],
  中华人民共和国保守国家秘密法: ['保密法'],
  中华人民共和国环境保护法: ['环保法'],
  中华人民共和国土地管理法: [],
  中华人民共和国食品安全法: [],
  中华人民共和国消防法: [],
  中华人民共和国劳动合同法: [],
  中华人民共和国数据安全法: [],
  中华人民共和国个人信息保护法: [],
  中华人民共和国国家安全法: [],
  中华人民共和国公务员法: [],
  中华人民共和国预算法: [],
  中华人民共和国政府采购法: [],
  中华人民共和国招标投标法: [],
  中华人民共和国城乡规划法: [],
  中华人民共和国中小企业促进法: [],
}

/** short name (and the canonical title itself) → canonical title */
const ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries(CANONICAL).flatMap(([canonical, short]) => [
    [canonical, canonical] as const,
    ...(canonical.startsWith(PRC) ? [[canonical.slice(PRC.length), canonical] as const] : []),
    ...short.map((s) => [s, canonical] as const),
  ]),
)

/**
 * One law, one title. The enclosing 《》 (or 〈〉) is dropped — inner ones are kept (关于修改《中华人民共和国行政处罚法》的
 * 决定 is a title of its own) — as are blanks; then a known short name, with or without 中华人民共和国, becomes the
 * law's full title: 「行政复议法」, 「《行政复议法》」 and 「《中华人民共和国行政复议法》」 are all 中华人民共和国行政复议法.
 * A title not known is kept as written (a local regulation is its own law).
 */
export function normalizeLawTitle(title: string): string {
  const bare = title
    .trim()
    .replace(/^[《〈]\s*/, '')
    .replace(/\s*[》〉]$/, '')
    .replace(/\s+/g, '')
  return ALIASES.get(bare) ?? ALIASES.get(bare.startsWith(PRC) ? bare.slice(PRC.length) : bare) ?? bare
}

/** Normalised, without blanks or repeats, in the order given. */
export function normalizeLaws(laws: readonly string[]): string[] {
  return [...new Set(laws.map(normalizeLawTitle).filter((l) => l !== ''))]
}
