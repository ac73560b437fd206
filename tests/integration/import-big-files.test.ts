/**
 * Issue 18.3: big files read off the main thread, as streams, within limits. A million-row CSV and an XLSX whose sheet
 * XML is 18 MB are refused at the kind's row limit (named in Chinese) while /healthz keeps answering; a
 * 1,000,000-column header and an oversized cell are refused naming their limit; a file with hundreds of bad rows
 * answers with its first 100 problems and the count of the rest (API, CLI); chat replies while a big file is read.
 *
 * Cheap by design: the inputs are generated as streams of repeated rows, and the units import's 10,000-row limit stops
 * the reader after its first rows — the rest of the file is never parsed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiHarness, type ApiHarness } from '../helpers/api.js'
import { createChatHarness } from '../helpers/chat.js'
import { runXuefaHere } from '../helpers/cli.js'
import { runImport } from '../../src/imports/import.service.js'
import { IMPORT_LIMITS } from '../../src/imports/limits.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const ROW_LIMIT = IMPORT_LIMITS.units.rows.toLocaleString('en-US')

let h: ApiHarness
let admin: string
beforeEach(async () => {
  h = await createApiHarness()
  admin = (await h.token('admin')).token
})
afterEach(() => h.cleanup())

/**
 * A body generated as a stream: `head`, then `rows` lines. Only the first `distinct` are made one by one; the rest
 * repeat them in chunks (the reader stops at the row limit, long before them).
 */
function streamed(head: string, rows: number, line: (i: number) => string, distinct = 20_000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const block = encoder.encode(Array.from({ length: distinct }, (_, i) => line(i)).join(''))
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(encoder.encode(head))
      if (sent >= rows) return controller.close()
      controller.enqueue(block)
      sent += distinct
    },
  })
}

const upload = (kind: string, body: BodyInit, type = 'text/csv') =>
  h.request(`/api/v1/import/${kind}`, {
    method: 'POST',
    token: admin,
    headers: { 'content-type': type },
    body,
    ...({ duplex: 'half' } as object),
  })

/** Runs `work` while /healthz is asked again and again; how many answered (200) before `work` ended. */
async function whileProbing<T>(work: () => Promise<T>): Promise<{ result: T; answered: number }> {
  let done = false
  let answered = 0
  const probing = (async () => {
    while (!done) {
      if ((await h.request('/healthz')).status === 200 && !done) answered++
      await new Promise((r) => setTimeout(r, 5))
    }
  })()
  try {
    const result = await work()
    return { result, answered }
  } finally {
    done = true
    await probing
  }
}

/** CRC-32 of a zip entry. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A zip of `files`, deflated, in this order (the streaming reader meets them as they come). */
function zip(files: [string, string | Buffer][]): Buffer {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, content] of files) {
    const data = typeof content === 'string' ? Buffer.from(content) : content
    const packed = deflateRawSync(data, { level: 1 })
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4)
    dir.writeUInt16LE(20, 6)
    dir.writeUInt16LE(8, 10)
    dir.writeUInt32LE(crc, 16)
    dir.writeUInt32LE(packed.length, 20)
    dir.writeUInt32LE(data.length, 24)
    dir.writeUInt16LE(nameBytes.length, 28)
    dir.writeUInt32LE(offset, 42)
    parts.push(local, nameBytes, packed)
    central.push(dir, nameBytes)
    offset += local.length + nameBytes.length + packed.length
  }
  const size = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(files.length, 8)
  end.writeUInt16LE(files.length, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, ...central, end])
}

/**
 * An XLSX of units whose one sheet has `rows` data rows (numbers: no shared strings but the header's). Past the first
 * 20,000 the rows repeat a block (the reader stops at the row limit, long before them).
 */
function unitsXlsx(rows: number): { bytes: Buffer; sheetXmlBytes: number } {
  const row = (r: number) => `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>${r}</v></c></row>`
  const head = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
  ]
  const distinct = Math.min(rows, 20_000)
  const first = Buffer.from(head.join('') + Array.from({ length: distinct }, (_, i) => row(i + 2)).join(''))
  const block = Buffer.from(Array.from({ length: distinct }, (_, i) => row(distinct + 2 + i)).join(''))
  const blocks = Array.from({ length: Math.ceil((rows - distinct) / distinct) }, () => block)
  const sheet = Buffer.concat([first, ...blocks, Buffer.from('</sheetData></worksheet>')])
  const ns = 'http://schemas.openxmlformats.org'
  const bytes = zip([
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    [
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>code</t></si><si><t>name</t></si></sst>`,
    ],
    ['xl/worksheets/sheet1.xml', sheet],
  ])
  return { bytes, sheetXmlBytes: sheet.length }
}

describe('big import files', () => {
  it('refuses a 1,000,000-row CSV at the row limit, /healthz answering throughout', async () => {
    const body = streamed('code,name\n', 1_000_000, (i) => `U${i},单位${i}\n`)
    const { result: res, answered } = await whileProbing(() => upload('units', body))
    expect(res.status).toBe(422)
    const json = (await res.json()) as { issues: { line: number; column: string; message: string }[] }
    expect(json.issues).toEqual([
      { line: IMPORT_LIMITS.units.rows + 2, column: '文件', message: expect.stringContaining(`${ROW_LIMIT} 行数据的上限`) },
    ])
    expect(answered).toBeGreaterThan(0)
    expect((await h.db.execute('SELECT count(*) AS n FROM units')).rows[0]?.n).toBe(4)
  })

  it('refuses an XLSX of 300,000 rows (18 MB of sheet XML) at the row limit, /healthz answering throughout', async () => {
    const { bytes, sheetXmlBytes } = unitsXlsx(300_000)
    expect(sheetXmlBytes).toBeGreaterThan(18_000_000)
    const { result: res, answered } = await whileProbing(() => upload('units', new Uint8Array(bytes), XLSX))
    expect(res.status).toBe(422)
    const json = (await res.json()) as { issues: unknown[] }
    expect(json.issues).toEqual([
      { line: IMPORT_LIMITS.units.rows + 2, column: '文件', message: expect.stringContaining(`${ROW_LIMIT} 行数据的上限`) },
    ])
    expect(answered).toBeGreaterThan(0)
    // the same workbook within the limit is read, its numbers as text
    const small = await upload('units', new Uint8Array(unitsXlsx(3).bytes), XLSX)
    expect(small.status).toBe(200)
    expect(await small.json()).toMatchObject({ ok: true, rows: 3, inserted: 3 })
  })

  it('refuses a 1,000,000-column header and an oversized cell, naming the limit', async () => {
    const wide = await upload('units', `code,name,${'x,'.repeat(1_000_000)}\nU1,单位\n`)
    expect(wide.status).toBe(422)
    expect(((await wide.json()) as { issues: unknown[] }).issues).toEqual([
      {
        line: 1,
        column: `第${IMPORT_LIMITS.units.columns + 1}列`,
        message: expect.stringContaining(`超过每行 ${IMPORT_LIMITS.units.columns} 列的上限`),
      },
    ])
    const cell = await upload('units', `code,name\nU1,${'长'.repeat(IMPORT_LIMITS.units.cellChars + 1)}\n`)
    expect(cell.status).toBe(422)
    expect(((await cell.json()) as { issues: unknown[] }).issues).toEqual([
      { line: 2, column: '第2列', message: `单元格超过 ${IMPORT_LIMITS.units.cellChars.toLocaleString('en-US')} 个字的上限` },
    ])
  })

  it('answers the first 100 of 300 problems and counts the rest, in the API and the CLI', async () => {
    const file = `code,name,parent_code\n${Array.from({ length: 300 }, (_, i) => `B${i},单位${i},NOPE\n`).join('')}`
    const res = await upload('units', file)
    expect(res.status).toBe(422)
    const json = (await res.json()) as { message: string; issues: { line: number }[] }
    expect(json.issues).toHaveLength(100)
    expect(json.issues.map((p) => p.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2))
    expect(json.message).toBe('300 problem(s) in the file (the first 100 are listed); nothing was imported')

    const dir = mkdtempSync(join(tmpdir(), 'xuefa-import-cli-'))
    try {
      const path = join(dir, 'units.csv')
      writeFileSync(path, file)
      const cli = await runXuefaHere(['import', 'units', path], { ...h.testDb.env, XUEFA_TZ: 'Asia/Shanghai' })
      expect(cli.code).toBe(1)
      const lines = cli.stderr.trim().split('\n')
      expect(lines.filter((l) => /^第 \d+ 行/.test(l))).toHaveLength(100)
      expect(lines.slice(-2)).toEqual([
        '另有 200 个问题未列出（只列出前 100 个），请先改正以上问题后重新导入检查',
        '未导入任何数据：共 300 个问题，请修改后重新导入。',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('answers chat messages while a 1,000,000-row file is read', async () => {
    const chat = await createChatHarness()
    try {
      const bytes = new Uint8Array(await new Response(streamed('code,name\n', 1_000_000, (i) => `U${i},单位${i}\n`)).arrayBuffer())
      let done = false
      let replies = 0
      const reading = runImport(
        chat.db,
        'units',
        { bytes, filename: 'units.csv' },
        { tz: 'Asia/Shanghai', clock: chat.clock, actor: 'test' },
      )
      void reading.finally(() => (done = true))
      while (!done) {
        const sent = await chat.send('帮助', { contactId: 'wx-help' })
        if (sent.length > 0 && !done) replies++
        await new Promise((r) => setTimeout(r, 5))
      }
      expect(await reading).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining(`${ROW_LIMIT} 行数据的上限`) }] })
      expect(replies).toBeGreaterThan(0)
    } finally {
      chat.cleanup()
    }
  })
})
