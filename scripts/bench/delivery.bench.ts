/**
 * Planning and persisting the deliveries of one session for 10,000 recipients (audience query, rows,
 * chunked multi-row INSERTs in one write transaction: the 'session.materials' handler as it runs), against
 * a raw libSQL `client.batch()` of one INSERT per row of the same rows, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDb, type Db } from '../../src/storage/db.js'
import { runMigrations } from '../../src/storage/migrate.js'
import { ManualClock } from '../../src/clock.js'
import { silentLogger } from '../../src/log.js'
import { createJobHandlers } from '../../src/scheduler/handlers.js'
import type { Job } from '../../src/jobs/jobs.repo.js'
import type { BenchFigure } from './types.js'
import { median } from './timing.js'

const ROUNDS = 3

async function seed(db: Db, clock: ManualClock, RECIPIENTS: number): Promise<string> {
  const now = clock.now().toISOString()
  const ids = Array.from({ length: RECIPIENTS }, (_, i) => `B${String(i).padStart(5, '0')}`)
  await db.batch([
    { sql: `INSERT INTO units (code, name, path, created_at, updated_at) VALUES ('PL', '平罗县', '/PL/', ?, ?)`, args: [now, now] },
    {
      sql: `INSERT INTO officials (id, name, unit_code, created_at, updated_at) SELECT value, '干部' || value, 'PL', ?, ? FROM json_each(?)`,
      args: [now, now, JSON.stringify(ids)],
    },
    {
      sql: `INSERT INTO chat_bindings (official_id, contact_id, alias_key, bound_at) SELECT value, 'wx-' || value, 'k-' || value, ? FROM json_each(?)`,
      args: [now, JSON.stringify(ids)],
    },
    {
      sql: `INSERT INTO sessions (id, kind, title, starts_at, unit_code, created_at, updated_at) VALUES ('S1', 'pre_meeting', '学习行政复议法', ?, 'PL', ?, ?)`,
      args: [new Date(clock.now().getTime() + 86_400_000).toISOString(), now, now],
    },
  ])
  return 'S1'
}

async function newJob(db: Db, sessionId: string, now: string): Promise<Job> {
  const rs = await db.execute({
    sql: `INSERT INTO jobs (kind, due_at, payload_json, state, session_id, created_at, updated_at) VALUES ('session.materials', ?, ?, 'running', ?, ?, ?) RETURNING id`,
    args: [now, JSON.stringify({ sessionId }), sessionId, now, now],
  })
  const id = Number(rs.rows[0]!.id)
  return {
    id,
    kind: 'session.materials',
    dueAt: now,
    payload: { sessionId },
    state: 'running',
    attempts: 1,
    leaseOwner: null,
    leaseUntil: null,
    lastError: null,
    sessionId,
    updatedAt: now,
  }
}

export async function benchDelivery(opts: { recipients?: number } = {}): Promise<BenchFigure[]> {
  const RECIPIENTS = opts.recipients ?? 10_000
  const dir = mkdtempSync(join(tmpdir(), 'xuefa-bench-delivery-'))
  const clock = new ManualClock('2024-03-04T01:00:00Z')
  const db = await openDb(`file:${join(dir, 'bench.db')}`)
  try {
    await runMigrations(db, clock)
    const sessionId = await seed(db, clock, RECIPIENTS)
    const deps = { db, clock, tz: 'Asia/Shanghai', logger: silentLogger }
    const handler = createJobHandlers()['session.materials']
    const now = clock.now().toISOString()
    const ours: number[] = []
    const raw: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const job = await newJob(db, sessionId, now)
      const t0 = performance.now()
      await handler({ sessionId }, job, deps)
      ours.push(performance.now() - t0)

      // the same rows, written the plain way: one INSERT per row in one client.batch
      const planned = await db.execute({
        sql: 'SELECT channel, account, recipient, message_json, not_before FROM deliveries WHERE job_id = ?',
        args: [job.id],
      })
      if (planned.rows.length !== RECIPIENTS) throw new Error(`planned ${planned.rows.length} deliveries, expected ${RECIPIENTS}`)
      const stmts = planned.rows.map((r) => ({
        sql: `INSERT INTO deliveries (dedup_key, job_id, channel, account, recipient, message_json, not_before, created_at, state)
              VALUES (?, NULL, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (dedup_key) DO NOTHING`,
        args: [
          `raw${round}:${String(r.recipient)}`,
          String(r.channel),
          String(r.account),
          String(r.recipient),
          String(r.message_json),
          String(r.not_before),
          now,
        ],
      }))
      const t1 = performance.now()
      await db.client.batch(stmts, 'write')
      raw.push(performance.now() - t1)
    }
    const value = median(ours)
    const baseline = median(raw)
    const ratio = Math.round((baseline / value) * 100) / 100
    return [
      {
        name: 'delivery.plan10k',
        value: Math.round(value),
        unit: 'ms',
        baseline: Math.round(baseline),
        ratio,
        goal: '>= 0.5',
        met: ratio >= 0.5,
      },
    ]
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
