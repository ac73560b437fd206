import { ManualClock } from '../../src/clock.js'
import { runImport } from '../../src/imports/import.service.js'
import type { ImportKind, ImportResult } from '../../src/imports/import.types.js'
import type { Db } from '../../src/storage/db.js'

export const TZ = 'Asia/Shanghai'

/** CSV text from rows, quoting what needs it. */
export function csv(rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number) => {
    const s = String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text)

export function importer(db: Db, clock = new ManualClock('2024-06-01T02:00:00Z')) {
  return (kind: ImportKind, data: string | Uint8Array, extra: { filename?: string; dryRun?: boolean } = {}): Promise<ImportResult> =>
    runImport(
      db,
      kind,
      { bytes: typeof data === 'string' ? bytesOf(data) : data, filename: extra.filename ?? `${kind}.csv` },
      {
        tz: TZ,
        clock,
        actor: 'tester',
        dryRun: extra.dryRun,
      },
    )
}

/** Three levels: the county, 10 departments, 3 sections in each. */
export function unitsCsv(): string {
  const rows: string[][] = [
    ['code', 'name', 'parent_code'],
    ['PL', '平罗县人民政府', ''],
  ]
  for (let d = 1; d <= 10; d++) {
    rows.push([`D${d}`, `部门${d}`, 'PL'])
    for (let s = 1; s <= 3; s++) rows.push([`D${d}S${s}`, `部门${d}第${s}股`, `D${d}`])
  }
  return csv(rows)
}

/** `count` officials spread over the 30 sections; every 10th a leader, every 7th in enforcement. */
export function officialsRows(
  count: number,
  header = ['id', 'name', 'unit_code', 'title', 'is_leader', 'is_principal', 'is_enforcement', 'joined_at'],
): string[][] {
  const rows = [header]
  for (let i = 1; i <= count; i++) {
    const unit = `D${((i - 1) % 10) + 1}S${(Math.floor((i - 1) / 10) % 3) + 1}`
    rows.push([
      `P${String(i).padStart(5, '0')}`,
      `干部${i}`,
      unit,
      i % 10 === 0 ? '局长' : '科员',
      i % 10 === 0 ? '是' : '否',
      i % 100 === 0 ? 'true' : '0',
      i % 7 === 0 ? '1' : 'false',
      `20${String(10 + (i % 14)).padStart(2, '0')}-0${(i % 9) + 1}-15`,
    ])
  }
  return rows
}

export async function count(db: Db, table: string): Promise<number> {
  const rs = await db.execute(`SELECT count(*) AS n FROM ${table}`)
  return Number(rs.rows[0]?.n)
}
