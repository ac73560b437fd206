/**
 * What must hold in the database after every kill and after the final clean stop. Each check returns the
 * problems it found as sentences, so a failing run prints all of them at once.
 */
import type { Db } from '../../../src/storage/db.js'
import { ATTENDANCE_SESSION, QUIZ_SESSION, contactOf } from './crash-seed.js'
import type { WorkloadState } from './crash-workload.js'

const all = async (db: Db, sql: string, args: (string | number)[] = []) => (await db.execute({ sql, args })).rows

export interface KillLedger {
  /** jobs found 'running' at a kill, by id: each such job may run once more per kill */
  runningAtKill: Map<number, number>
  /** deliveries found 'sending' at each kill: in flight, settled as ambiguous by the next start */
  inFlightAtKill: number[]
  /** the ids of those deliveries */
  sendingAtKill: number[]
}

/** Right after a SIGKILL: every acknowledged write is there, nothing twice, no partial import. */
export async function checkAfterKill(db: Db, s: WorkloadState, ledger: KillLedger): Promise<string[]> {
  const problems: string[] = []
  const marks = new Map(
    (await all(db, 'SELECT official_id, status FROM attendance WHERE session_id = ?', [ATTENDANCE_SESSION])).map((r) => [
      String(r.official_id),
      String(r.status),
    ]),
  )
  s.attendance.forEach((w, i) => {
    const got = marks.get(w.officialId)
    if (i < s.attendanceDone && got !== w.status) problems.push(`acknowledged attendance ${w.officialId}=${w.status} reads ${got}`)
    if (i > s.attendanceDone && got !== undefined) problems.push(`attendance ${w.officialId} written before it was sent`)
    if (i === s.attendanceDone && got !== undefined && got !== w.status) problems.push(`in-flight attendance ${w.officialId} reads ${got}`)
  })
  for (const [i, m] of s.meetings.entries()) {
    const [row] = await all(
      db,
      'SELECT (SELECT count(*) FROM sessions WHERE external_id = ?) AS sessions, (SELECT count(*) FROM webhook_events WHERE event_id = ?) AS events',
      [m.id, m.eventId],
    )
    const n = { sessions: Number(row!.sessions), events: Number(row!.events) }
    if (i < s.meetingsDone && (n.sessions !== 1 || n.events !== 1))
      problems.push(`acknowledged meeting ${m.id}: ${n.sessions} sessions, ${n.events} events`)
    if (n.sessions > 1 || n.sessions !== n.events) problems.push(`meeting ${m.id}: ${n.sessions} sessions for ${n.events} events`)
  }
  for (const [i, b] of s.exams.entries()) {
    let present = 0
    for (const r of b.rows)
      present += (
        await all(db, "SELECT 1 FROM exam_results WHERE exam_kind = 'annual' AND official_id = ? AND taken_at LIKE ?", [
          r.officialId,
          `${r.takenAt.slice(0, 10)}%`,
        ])
      ).length
    if (i < s.examsDone && present !== b.rows.length) problems.push(`acknowledged exam batch ${i}: ${present} of ${b.rows.length} rows`)
    if (present !== 0 && present !== b.rows.length) problems.push(`exam batch ${i} half imported (${present} of ${b.rows.length})`)
  }
  const [dup] = await all(
    db,
    'SELECT count(*) AS n FROM (SELECT 1 FROM exam_results GROUP BY exam_kind, official_id, taken_at HAVING count(*) > 1)',
  )
  if (Number(dup!.n) > 0) problems.push(`${dup!.n} exam results counted twice`)
  for (const [officialId, c] of s.chat) {
    const attempts = await all(
      db,
      'SELECT a.id FROM attempts a JOIN quizzes q ON q.id = a.quiz_id WHERE q.session_id = ? AND a.official_id = ?',
      [QUIZ_SESSION, officialId],
    )
    if (attempts.length > 1) problems.push(`${officialId} has ${attempts.length} attempts`)
    const positions = (
      await all(db, 'SELECT position FROM answers WHERE attempt_id = ? AND revision = 0 ORDER BY position', [Number(attempts[0]?.id ?? -1)])
    ).map((r) => Number(r.position))
    if (positions.length < c.acked) problems.push(`${officialId}: ${c.acked} answers acknowledged, ${positions.length} recorded`)
    if (positions.some((p, i) => p !== i + 1)) problems.push(`${officialId}: answer positions ${positions.join(',')}`)
  }
  for (const r of await all(db, "SELECT id FROM jobs WHERE state = 'running'"))
    ledger.runningAtKill.set(Number(r.id), (ledger.runningAtKill.get(Number(r.id)) ?? 0) + 1)
  const sending = await all(
    db,
    "SELECT channel, account, count(*) AS n, json_group_array(id) AS ids FROM deliveries WHERE state = 'sending' GROUP BY channel, account",
  )
  for (const r of sending) if (Number(r.n) > 1) problems.push(`${r.n} deliveries in flight at once on ${r.channel}:${r.account}`)
  ledger.inFlightAtKill.push(sending.reduce((n, r) => n + Number(r.n), 0))
  for (const r of sending) ledger.sendingAtKill.push(...(JSON.parse(String(r.ids)) as number[]))
  return problems
}

export interface FinalFigures {
  jobsRerun: number
  deliveriesSent: number
  ambiguous: number
  /** ambiguous deliveries the recipient did receive (sent, then the process died before recording it) */
  ambiguousReceived: number
  duplicates: number
  /**
   * deliveries found 'sending' right after a kill that ended 'sent': on a libSQL server the dead process's last request
   * (recording the send) may still commit after the kill, having reached the server before it (never on a file)
   */
  sentAfterKill: number
}

/** After the last, clean stop: jobs done (re-run at most once per kill that caught them), each delivery heard once. */
export async function checkFinal(
  db: Db,
  s: WorkloadState,
  ledger: KillLedger,
  nowIso: string,
): Promise<{ problems: string[]; figures: FinalFigures }> {
  const problems = await checkAfterKill(db, s, { runningAtKill: new Map(), inFlightAtKill: [], sendingAtKill: [] })
  const figures: FinalFigures = { jobsRerun: 0, deliveriesSent: 0, ambiguous: 0, ambiguousReceived: 0, duplicates: 0, sentAfterKill: 0 }
  const endedAs = new Map(
    (await all(db, 'SELECT id, state, outcome FROM deliveries')).map((r) => [Number(r.id), `${r.state}/${r.outcome ?? ''}`]),
  )
  for (const id of ledger.sendingAtKill) {
    const end = endedAs.get(id)
    if (end?.startsWith('sent/')) figures.sentAfterKill++
    else if (end !== 'failed/ambiguous') problems.push(`delivery ${id}, in flight at a kill, ended ${end}`)
  }
  for (const j of await all(db, 'SELECT id, kind, state, attempts, due_at FROM jobs')) {
    const allowed = 1 + (ledger.runningAtKill.get(Number(j.id)) ?? 0)
    if (Number(j.attempts) > 1) figures.jobsRerun++
    if (Number(j.attempts) > allowed) problems.push(`job ${j.id} (${j.kind}) ran ${j.attempts} times, ${allowed} allowed`)
    if (['running', 'failed'].includes(String(j.state))) problems.push(`job ${j.id} (${j.kind}) ended ${j.state}`)
    if (String(j.state) === 'pending' && String(j.due_at) <= nowIso) problems.push(`job ${j.id} (${j.kind}) still pending though due`)
  }
  const rows = await all(db, "SELECT recipient, state, outcome, message_json FROM deliveries WHERE channel = 'wechaty'")
  const expected = new Map<string, { sent: number; ambiguous: number }>()
  for (const r of rows) {
    if (!String(r.recipient).startsWith('official:')) continue
    if (r.state === 'sending') problems.push(`a delivery to ${r.recipient} left 'sending' after a clean stop`)
    if (r.state === 'pending') problems.push(`a delivery to ${r.recipient} still pending after the drain`)
    if (r.state === 'failed' && r.outcome !== 'ambiguous') problems.push(`a delivery to ${r.recipient} failed`)
    const key = `${contactOf(String(r.recipient).replace(/^official:/, ''))}\u0000${(JSON.parse(String(r.message_json)) as { message: { text: string } }).message.text}`
    const e = expected.get(key) ?? { sent: 0, ambiguous: 0 }
    if (r.state === 'sent') {
      e.sent++
      figures.deliveriesSent++
    }
    if (r.outcome === 'ambiguous') {
      e.ambiguous++
      figures.ambiguous++
    }
    expected.set(key, e)
  }
  for (const [key, e] of expected) {
    const [contact, text] = key.split('\u0000') as [string, string]
    const heard = (s.heard.get(contact) ?? []).filter((t) => t === text).length
    if (heard < e.sent)
      problems.push(
        `${contact} did not receive a delivery recorded as sent: ${JSON.stringify(text)} not in ${JSON.stringify(s.heard.get(contact))}`,
      )
    if (heard > e.sent + e.ambiguous) {
      figures.duplicates += heard - e.sent - e.ambiguous
      problems.push(`${contact} received a delivery ${heard} times`)
    }
    if (e.ambiguous > 0) figures.ambiguousReceived += Math.max(0, heard - e.sent)
  }
  return { problems, figures }
}
