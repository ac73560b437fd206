/** Law titles as sessions, questions, materials and imports name them: one spelling for one law. */

/**
 * The same law with or without 《》 is one law: the enclosing pair is dropped, inner ones kept
 * (关于修改《中华人民共和国行政处罚法》的决定 is a title of its own).
 */
export function normalizeLawTitle(title: string): string {
  return title
    .trim()
    .replace(/^《\s*/, '')
    .replace(/\s*》$/, '')
    .trim()
}

/** Normalised, without blanks or repeats, in the order given. */
export function normalizeLaws(laws: readonly string[]): string[] {
  return [...new Set(laws.map(normalizeLawTitle).filter((l) => l !== ''))]
}
