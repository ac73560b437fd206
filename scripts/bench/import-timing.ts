/**
 * Import timing: 10,000 officials and 100,000 attendance marks from CSV through `runImport`, each against a
 * raw `db.batch()` of single-row INSERTs of the same rows into a fresh database (the baseline).
 * Run on its own: `npx tsx scripts/bench/import-timing.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { InStatement } from '@libsql/client'
import { ManualClock } from '../../src/clock.js'
import { runImport } from '../../src/imports/import.service.js'
import type { ImportKind } from '../../src/imports/import.types.js'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import type { BenchFigure } from './types.js'
import { mulberry32 } from '../../src/random.js'

const FULL = { officials: 10_000, sessions: 50, marksPerSession: 2_000 } // 50 × 2,000 = 100,000 marks
export type ImportBenchSize = typeof FULL
const NOW = '2024-12-31T08:00:00.000Z'
const STATUSES = ['出席', '出席', '出席', '迟到', '请假', '补学', '缺席'] as const

interface Data {
  units: string[][]
  officials: string[][]
  sessions: string[][]
  attendance: string[][]
}

function generate({ officials: OFFICIALS, sessions: SESSIONS, marksPerSession: MARKS_PER_SESSION }: ImportBenchSize): Data {
  const rnd = mulberry32(20240101)
  const units = [
    ['code', 'name', 'parent_code'],
    ['PL', '平罗县人民政府', ''],
  ]
  const leaves: string[] = []
  for (let d = 1; d <= 20; d++) {
    units.push([`D${d}`, `部门${d}`, 'PL'])
    for (let s = 1; s <= 5; s++) {
      units.push([`D${d}S${s}`, `部门${d}第${s}股`, `D${d}`])
      leaves.push(`D${d}S${s}`)
    }
  }
  const officials = [['id', 'name', 'unit_code', 'title', 'is_leader', 'is_principal', 'is_enforcement', 'joined_at']]
  for (let i = 1; i <= OFFICIALS; i++) {
    const unit = leaves[Math.floor(rnd() * leaves.length)]!
    const day = 1 + Math.floor(rnd() * 28)
    officials.push([
      `P${i}`,
      `干部${i}`,
      unit,
      rnd() < 0.1 ? '局长' : '科员',
      rnd() < 0.1 ? '是' : '否',
      rnd() < 0.02 ? '是' : '否',
      rnd() < 0.3 ? '是' : '否',
      `2015-03-${String(day).padStart(2, '0')}`,
    ])
  }
  const sessions = [['id', 'kind', 'title', 'starts_at', 'unit_code', 'laws']]
  const attendance = [['session_id', 'official_id', 'status', 'note']]
  for (let s = 1; s <= SESSIONS; s++) {
    sessions.push([
      `S${s}`,
      '会前学法',
      `第${s}次会前学法`,
      `2024-${String(1 + (s % 12)).padStart(2, '0')}-10 09:00`,
      'PL',
      '中华人民共和国行政复议法',
    ])
    const start = Math.floor(rnd() * (OFFICIALS - MARKS_PER_SESSION))
    for (let k = 0; k < MARKS_PER_SESSION; k++) {
      const status = STATUSES[Math.floor(rnd() * STATUSES.length)]!
      attendance.push([`S${s}`, `P${start + k + 1}`, status, status === '请假' ? '出差' : ''])
    }
  }
  return { units, officials, sessions, attendance }
}

const toCsv = (rows: string[][]): Uint8Array => new TextEncoder().encode(`${rows.map((r) => r.join(',')).join('\n')}\n`)

async function freshDb(): Promise<{ db: Db; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-import-'))
  const db = await openDb(`file:${join(dir, 'bench.db')}`)
  await runMigrations(db, new ManualClock(NOW))
  return {
    db,
    cleanup: () => {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function timedImport(db: Db, kind: ImportKind, rows: string[][]): Promise<number> {
  const t0 = performance.now()
  const r = await runImport(
    db,
    kind,
    { bytes: toCsv(rows), filename: `${kind}.csv` },
    {
      tz: 'Asia/Shanghai',
      clock: new ManualClock(NOW),
      actor: 'bench',
    },
  )
  const seconds = (performance.now() - t0) / 1000
  if (!r.ok) throw new Error(`bench import of ${kind} refused: ${JSON.stringify(r.problems.slice(0, 3))}`)
  return seconds
}

/** The baseline: the same rows as single-row INSERTs in one db.batch, no parsing and no checks. */
async function timedRawInsert(db: Db, stmts: InStatement[]): Promise<number> {
  const t0 = performance.now()
  await db.batch(stmts)
  return (performance.now() - t0) / 1000
}

function rawOfficials(rows: string[][]): InStatement[] {
  return rows.slice(1).map((r) => ({
    sql: `INSERT INTO officials (id, name, unit_code, title, is_leader, is_principal, is_enforcement, joined_at, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      r[0]!,
      r[1]!,
      r[2]!,
      r[3]!,
      r[4] === '是' ? 1 : 0,
      r[5] === '是' ? 1 : 0,
      r[6] === '是' ? 1 : 0,
      `${r[7]}T00:00:00.000Z`,
      NOW,
      NOW,
    ],
  }))
}

const ATTENDANCE_CODES: Record<string, string> = { 出席: 'present', 迟到: 'late', 请假: 'excused', 补学: 'makeup', 缺席: 'absent' }
function rawAttendance(rows: string[][]): InStatement[] {
  return rows.slice(1).map((r) => ({
    // an upsert, as the import's: the sessions file's past sessions are held, their audience already marked absent
    sql: `INSERT INTO attendance (session_id, official_id, status, note, source, marked_by, marked_at) VALUES (?, ?, ?, ?, 'import', 'bench', ?)
          ON CONFLICT (session_id, official_id) DO UPDATE SET status = excluded.status, note = excluded.note, source = excluded.source,
            marked_by = excluded.marked_by, marked_at = excluded.marked_at`,
    args: [r[0]!, r[1]!, ATTENDANCE_CODES[r[2]!]!, r[3] || null, NOW],
  }))
}

function figure(name: string, rows: number, seconds: number, baselineSeconds: number): BenchFigure {
  const value = Math.round(rows / seconds)
  const baseline = Math.round(rows / baselineSeconds)
  const ratio = Math.round((value / baseline) * 100) / 100
  return { name, value, unit: 'rows/s', baseline, ratio, goal: '>= 0.3', met: ratio >= 0.3 }
}

export async function benchImport(size: ImportBenchSize = FULL): Promise<BenchFigure[]> {
  // a smaller round first, as the other benchmarks warm up: the first parse of a CSV runs cold code, and a file over
  // 128 KB (5,000 officials are ~200 KB) starts the import reader's worker, which a server then keeps between files
  // (its start, ~0.1 s, is paid once per process, not per import)
  if (size.officials > 5000) await benchImport({ officials: 5000, sessions: 2, marksPerSession: 2500 })
  const { officials: OFFICIALS, sessions: SESSIONS, marksPerSession: MARKS_PER_SESSION } = size
  const data = generate(size)
  const imported = await freshDb()
  const raw = await freshDb()
  try {
    await timedImport(imported.db, 'units', data.units)
    const officialsSeconds = await timedImport(imported.db, 'officials', data.officials)
    await timedImport(imported.db, 'sessions', data.sessions)
    const attendanceSeconds = await timedImport(imported.db, 'attendance', data.attendance)

    await timedImport(raw.db, 'units', data.units)
    const rawOfficialsSeconds = await timedRawInsert(raw.db, rawOfficials(data.officials))
    await timedImport(raw.db, 'sessions', data.sessions)
    const rawAttendanceSeconds = await timedRawInsert(raw.db, rawAttendance(data.attendance))
    return [
      figure('import.officials', OFFICIALS, officialsSeconds, rawOfficialsSeconds),
      figure('import.attendance', SESSIONS * MARKS_PER_SESSION, attendanceSeconds, rawAttendanceSeconds),
    ]
  } finally {
    imported.cleanup()
    raw.cleanup()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of await benchImport()) {
    const rows = f.name === 'import.officials' ? FULL.officials : FULL.sessions * FULL.marksPerSession
    process.stdout.write(
      `${f.name}: ${rows} rows in ${(rows / f.value).toFixed(2)} s = ${f.value} rows/s ` +
        `(raw db.batch: ${(rows / f.baseline!).toFixed(2)} s = ${f.baseline} rows/s; ratio ${f.ratio}, goal ${f.goal}: ${f.met ? 'met' : 'NOT met'})\n`,
    )
  }
}
