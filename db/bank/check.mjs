#!/usr/bin/env node
// Checks the starter question bank (db/bank/questions.csv) and its study materials
// (db/bank/materials/<lawcode>.md). Dependency-free: `node db/bank/check.mjs`.
// Prints a summary by law and type; exits 1 listing every problem found.
import { readFileSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const csvPath = join(here, 'questions.csv')
const materialsDir = join(here, 'materials')

const HEADER = [
  'id',
  'type',
  'stem',
  'option_a',
  'option_b',
  'option_c',
  'option_d',
  'option_e',
  'option_f',
  'answer',
  'explanation',
  'law',
  'article',
  'tags',
]
const OPTION_COLS = ['option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'option_f']
const LETTERS = 'ABCDEF'
const TYPES = ['单选', '多选', '判断']

// LAWCODE → full official title (without 《》). The material of a law is materials/<lawcode lower case>.md.
const LAWS = {
  XF: '中华人民共和国宪法',
  XZFY: '中华人民共和国行政复议法',
  XZCF: '中华人民共和国行政处罚法',
  XZXK: '中华人民共和国行政许可法',
  MFD: '中华人民共和国民法典',
  ZFXXGK: '中华人民共和国政府信息公开条例',
  ZDXZJC: '重大行政决策程序暂行条例',
  YHYSHJ: '优化营商环境条例',
  XZSS: '中华人民共和国行政诉讼法',
  ZWCF: '中华人民共和国公职人员政务处分法',
}
const CODE_OF_LAW = Object.fromEntries(Object.entries(LAWS).map(([code, title]) => [title, code]))

const CN_NUM = '[零〇一二三四五六七八九十百千]+'
const ARTICLE_RE = new RegExp(`^(第${CN_NUM}条)(第${CN_NUM}款)?(第${CN_NUM}项)?$`)

/**
 * RFC 4180 parser. Returns records as { line, fields } where line is the 1-based physical line
 * on which the record starts. Accepts CRLF or LF line ends; a quoted field may hold commas,
 * doubled quotes and line breaks. Throws on malformed quoting.
 */
export function parseCsv(text) {
  const records = []
  let fields = []
  let field = ''
  let i = 0
  let line = 1
  let recordLine = 1
  let inQuotes = false
  let fieldStarted = false // whether the current field had any content or quotes
  const n = text.length
  const endField = () => {
    fields.push(field)
    field = ''
    fieldStarted = false
  }
  const endRecord = () => {
    endField()
    records.push({ line: recordLine, fields })
    fields = []
  }
  while (i < n) {
    const c = text[i]
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        const next = text[i]
        if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
          throw new Error(`line ${line}: unexpected character after closing quote`)
        }
        continue
      }
      if (c === '\n') line++
      field += c
      i++
      continue
    }
    if (c === '"') {
      if (fieldStarted) throw new Error(`line ${line}: quote inside an unquoted field`)
      inQuotes = true
      fieldStarted = true
      i++
      continue
    }
    if (c === ',') {
      endField()
      i++
      continue
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++
      i++
      endRecord()
      line++
      recordLine = line
      continue
    }
    field += c
    fieldStarted = true
    i++
  }
  if (inQuotes) throw new Error(`line ${recordLine}: unterminated quoted field`)
  // A final record without a trailing line break.
  if (field !== '' || fieldStarted || fields.length > 0) endRecord()
  return records
}

function main() {
  const problems = []
  const problem = (line, msg) => problems.push(line ? `line ${line}: ${msg}` : msg)

  if (!existsSync(csvPath)) {
    console.error(`missing ${csvPath}`)
    process.exit(1)
  }
  let text = readFileSync(csvPath, 'utf8')
  if (text.charCodeAt(0) === 0xfeff) {
    problem(1, 'file starts with a BOM (the bank is shipped without one)')
    text = text.slice(1)
  }

  let records
  try {
    records = parseCsv(text)
  } catch (e) {
    console.error(`questions.csv is not valid CSV: ${e.message}`)
    process.exit(1)
  }
  // Ignore completely empty lines (e.g. a blank line at the very end).
  records = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
  if (records.length === 0) {
    console.error('questions.csv is empty')
    process.exit(1)
  }

  const header = records[0].fields
  if (header.join(',') !== HEADER.join(',')) {
    problem(1, `header must be exactly "${HEADER.join(',')}", got "${header.join(',')}"`)
  }

  const materials = new Map() // law code → material text (or null when missing)
  const material = (code) => {
    if (!materials.has(code)) {
      const p = join(materialsDir, `${code.toLowerCase()}.md`)
      materials.set(code, existsSync(p) ? readFileSync(p, 'utf8') : null)
    }
    return materials.get(code)
  }

  const ids = new Map()
  const stems = new Map()
  const summary = new Map() // law → { 单选, 多选, 判断, total }
  const citedByLaw = new Map() // law code → Set of article bases

  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== HEADER.length) {
      problem(line, `expected ${HEADER.length} fields, got ${fields.length}`)
      continue
    }
    const row = Object.fromEntries(HEADER.map((h, k) => [h, fields[k]]))
    const { id, type, stem, answer, explanation, law, article } = row

    // id
    const idMatch = /^BANK-([A-Z]+)-(\d{3})$/.exec(id)
    if (!idMatch) problem(line, `id "${id}" is not of the form BANK-<LAWCODE>-<NNN>`)
    else if (!LAWS[idMatch[1]]) problem(line, `id "${id}": unknown law code ${idMatch[1]}`)
    if (ids.has(id)) problem(line, `duplicate id "${id}" (first on line ${ids.get(id)})`)
    else ids.set(id, line)

    // law
    if (!law) problem(line, `${id}: law is empty`)
    else if (/[《》]/.test(law)) problem(line, `${id}: law "${law}" must be written without 《》`)
    else if (!CODE_OF_LAW[law]) problem(line, `${id}: unknown law "${law}"`)
    else if (idMatch && LAWS[idMatch[1]] && LAWS[idMatch[1]] !== law) {
      problem(line, `${id}: id code ${idMatch[1]} does not match law "${law}"`)
    }

    // stem, explanation
    if (!stem.trim()) problem(line, `${id}: stem is empty`)
    else if (stems.has(stem)) problem(line, `${id}: same stem as line ${stems.get(stem)}`)
    else stems.set(stem, line)
    if (!explanation.trim()) problem(line, `${id}: explanation is empty`)

    // type, options, answer
    const options = OPTION_COLS.map((c) => row[c])
    const present = options.map((o) => o.trim() !== '')
    const count = present.lastIndexOf(true) + 1
    if (!TYPES.includes(type)) {
      problem(line, `${id}: type "${type}" is not one of ${TYPES.join('/')}`)
    } else if (type === '判断') {
      if (present.some(Boolean)) problem(line, `${id}: a 判断 question has no options`)
      if (answer !== '对' && answer !== '错') problem(line, `${id}: a 判断 answer is 对 or 错, got "${answer}"`)
    } else {
      if (present.slice(0, count).some((p) => !p)) problem(line, `${id}: options must be contiguous from A`)
      if (type === '单选' && count !== 4) problem(line, `${id}: a 单选 question has exactly 4 options (A–D), got ${count}`)
      if (type === '多选' && (count < 4 || count > 5)) problem(line, `${id}: a 多选 question has 4–5 options, got ${count}`)
      const distinct = new Set(options.slice(0, count).map((o) => o.trim()))
      if (distinct.size !== count) problem(line, `${id}: two options are identical`)
      const allowed = LETTERS.slice(0, count)
      if (!/^[A-F]+$/.test(answer)) {
        problem(line, `${id}: answer "${answer}" must be option letters`)
      } else {
        for (const ch of answer) if (!allowed.includes(ch)) problem(line, `${id}: answer letter ${ch} is not among the options ${allowed}`)
        if (type === '单选' && answer.length !== 1) problem(line, `${id}: a 单选 answer is a single letter, got "${answer}"`)
        if (type === '多选') {
          if (answer.length < 2) problem(line, `${id}: a 多选 answer has at least 2 letters, got "${answer}"`)
          const sorted = [...new Set(answer)].sort().join('')
          if (sorted !== answer) problem(line, `${id}: a 多选 answer must be distinct letters in alphabetical order, got "${answer}"`)
        }
      }
    }

    // article, and its text in the law's material
    if (!article) {
      problem(line, `${id}: article is empty`)
    } else {
      const m = ARTICLE_RE.exec(article)
      if (!m) {
        problem(line, `${id}: article "${article}" is not of the form 第X条[第Y款][第Z项]`)
      } else if (CODE_OF_LAW[law]) {
        const code = CODE_OF_LAW[law]
        const base = m[1]
        if (!citedByLaw.has(code)) citedByLaw.set(code, new Set())
        citedByLaw.get(code).add(base)
        const md = material(code)
        if (md === null) {
          // reported once per law below
        } else if (!md.includes(`**${base}**`)) {
          problem(line, `${id}: ${base} of ${law} is not quoted (as **${base}**) in materials/${code.toLowerCase()}.md`)
        }
      }
    }

    if (law) {
      const s = summary.get(law) ?? { 单选: 0, 多选: 0, 判断: 0, total: 0 }
      if (TYPES.includes(type)) s[type]++
      s.total++
      summary.set(law, s)
    }
  }

  // Each law in the bank has a material with the expected title line.
  for (const code of citedByLaw.keys()) {
    const md = material(code)
    const file = `materials/${code.toLowerCase()}.md`
    if (md === null) {
      problem(null, `${file} is missing (law ${LAWS[code]})`)
      continue
    }
    const title = `# 《${LAWS[code]}》学习材料`
    if (md.split(/\r?\n/)[0].trim() !== title) problem(null, `${file}: first line must be "${title}"`)
  }

  // Summary
  const width = (s) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)
  const pad = (s, w) => s + ' '.repeat(Math.max(0, w - width(s)))
  console.log(`${pad('law', 36)}  单选  多选  判断  合计`)
  const totals = { 单选: 0, 多选: 0, 判断: 0, total: 0 }
  for (const [law, s] of summary) {
    console.log(
      `${pad(law, 36)}  ${String(s.单选).padStart(4)}  ${String(s.多选).padStart(4)}  ${String(s.判断).padStart(4)}  ${String(s.total).padStart(4)}`,
    )
    for (const k of Object.keys(totals)) totals[k] += s[k]
  }
  console.log(
    `${pad('合计', 36)}  ${String(totals.单选).padStart(4)}  ${String(totals.多选).padStart(4)}  ${String(totals.判断).padStart(4)}  ${String(totals.total).padStart(4)}`,
  )
  console.log(
    `${summary.size} laws, ${totals.total} questions, ${[...citedByLaw.values()].reduce((a, s) => a + s.size, 0)} distinct articles cited`,
  )

  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):`)
    for (const p of problems) console.error(`  ${p}`)
    process.exit(1)
  }
  console.log('OK: every question is well-formed and every cited article is quoted in its material')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
