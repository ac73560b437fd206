import type { InStatement } from '@libsql/client'

/**
 * Job kinds and their payloads. The scheduler runs them; anyone may enqueue them inside
 * the same transaction as the change that calls for them.
 */
export interface JobPayloads {
  /** send the study material (and quiz notice) of a session to its audience */
  'session.materials': { sessionId: string }
  /** remind those of the audience who have not finished the quiz / not checked in */
  'session.reminder': { sessionId: string }
  /** close: unmarked → absent, open quizzes closed, make-up material to the excused, summary to the organizer */
  'session.close': { sessionId: string }
  /** tell the audience that a session moved or was cancelled */
  'session.notice': { sessionId: string; change: 'moved' | 'cancelled' }
  /** make-up material for one official who asked for leave */
  'official.makeup': { sessionId: string; officialId: string }
  /** a recurring schedule fired (e.g. the weekly 学法清单) */
  'schedule.fire': { scheduleId: number }
}
export type JobKind = keyof JobPayloads

export interface NewJob<K extends JobKind = JobKind> {
  kind: K
  dueAt: string
  payload: JobPayloads[K]
  /** a job with the same key is not enqueued twice */
  dedupKey?: string
  sessionId?: string
}

export function enqueueJobStatement<K extends JobKind>(job: NewJob<K>, now: string): InStatement {
  return {
    sql: `INSERT INTO jobs (kind, due_at, payload_json, dedup_key, session_id, created_at, updated_at)
          VALUES (:kind, :dueAt, :payload, :dedupKey, :sessionId, :now, :now)
          ON CONFLICT (dedup_key) DO NOTHING`,
    args: {
      kind: job.kind,
      dueAt: job.dueAt,
      payload: JSON.stringify(job.payload),
      dedupKey: job.dedupKey ?? null,
      sessionId: job.sessionId ?? null,
      now,
    },
  }
}
