/**
 * What the clients of a crash chain do, across the lives of the server: officials answer the quiz in chat,
 * an organizer marks attendance, the OA system posts meetings (each one fans materials out), results are
 * imported. A write counts as acknowledged when the client got its 2xx (or, in chat, the bot's verdict);
 * anything not acknowledged is sent again in the next life, as a real client would.
 */
import { createHmac } from 'node:crypto'
import { dilatedNow, type DilatedTime } from '../../../scripts/reliability/dilated-clock.js'
import type { Driver } from './driver.js'
import { WEBHOOK_SECRET } from './driver.js'
import { ATTENDANCE_SESSION, contactOf, type CrashCounty } from './crash-seed.js'
import { createPrng } from './prng.js'
import { createSignal, type Signal } from '../../helpers/signal.js'

const STATUSES = ['present', 'late', 'excused', 'absent', 'makeup'] as const
/** a question, at the start of a message or of one of its lines (feedback and the next question are one message) */
const QUESTION = /^第\d+\/\d+题/m

export interface Meeting {
  id: string
  eventId: string
  body: string
}
export interface ExamBatch {
  csv: string
  rows: { officialId: string; takenAt: string }[]
}

export interface WorkloadState {
  attendance: { officialId: string; status: string }[]
  attendanceDone: number
  meetings: Meeting[]
  meetingsDone: number
  exams: ExamBatch[]
  examsDone: number
  chat: Map<string, { acked: number; done: boolean }>
  /** every text the bot sent, by contact id, over all lives */
  heard: Map<string, string[]>
  /** notified when the bot has said something, and when a life is over */
  news: Signal
  /** what a live server must never answer: 5xx, refusals of valid input, silence */
  unexpected: string[]
}

export function planWorkload(
  county: CrashCounty,
  seed: number,
  chainStart: number,
  size: { meetings: number; exams: number },
): WorkloadState {
  const rnd = createPrng(seed)
  const order = [...county.officials].sort(() => rnd.next() - 0.5)
  const day = (i: number) => `2024-0${4 + Math.floor(i / 28)}-${String((i % 28) + 1).padStart(2, '0')}`
  return {
    attendance: order.map((officialId) => ({ officialId, status: rnd.pick(STATUSES) })),
    attendanceDone: 0,
    meetings: Array.from({ length: size.meetings }, (_, i) => {
      const startsAt = new Date(chainStart + 4 * 3_600_000 + i * 600_000).toISOString()
      const meeting = { id: `OA-${seed}-${i + 1}`, body: '县政府常务会议', meetingNo: `第${i + 1}次`, startsAt, unitCode: 'PL-A' }
      return { id: meeting.id, eventId: `evt-${seed}-${i + 1}`, body: JSON.stringify({ meetings: [meeting] }) }
    }),
    meetingsDone: 0,
    exams: Array.from({ length: size.exams }, (_, i) => {
      const rows = [rnd.pick(county.officials), rnd.pick(county.officials)]
        .filter((o, k, xs) => xs.indexOf(o) === k)
        .map((officialId) => ({ officialId, takenAt: `${day(i)} 10:00` }))
      return {
        rows,
        csv: ['exam,official_id,taken_at,score', ...rows.map((r) => `annual,${r.officialId},${r.takenAt},${rnd.int(40, 100)}`)].join('\n'),
      }
    }),
    examsDone: 0,
    chat: new Map(county.answerers.map((id) => [id, { acked: 0, done: false }])),
    heard: new Map(),
    news: createSignal(),
    unexpected: [],
  }
}

export function isWorkloadDone(s: WorkloadState): boolean {
  return (
    s.attendanceDone === s.attendance.length &&
    s.meetingsDone === s.meetings.length &&
    s.examsDone === s.exams.length &&
    [...s.chat.values()].every((c) => c.done)
  )
}

class LifeOver extends Error {}

/** Drives one life of the server until `life.over` (the kill) or until everything is acknowledged. */
export async function driveLife(
  d: Driver,
  s: WorkloadState,
  county: CrashCounty,
  time: DilatedTime,
  life: { over: boolean; seed: number },
): Promise<void> {
  const rnd = createPrng(life.seed)
  let messageNo = 0
  const pause = async (min: number, max: number) => {
    await new Promise((r) => setTimeout(r, rnd.int(min, max)))
    if (life.over) throw new LifeOver()
  }
  const call = async (path: string, init: RequestInit): Promise<Response> => {
    if (life.over) throw new LifeOver()
    try {
      return await fetch(`${d.base}${path}`, init)
    } catch (e) {
      if (life.over) throw new LifeOver()
      throw e
    }
  }
  const check = async (what: string, res: Response) => {
    if (res.ok) return true
    s.unexpected.push(`${what}: HTTP ${res.status} ${await res.text()}`)
    return false
  }
  const auth = { authorization: `Bearer ${county.token}` }

  const attendance = async () => {
    while (s.attendanceDone < s.attendance.length) {
      await pause(80, 400)
      const w = s.attendance[s.attendanceDone]!
      const res = await call(`/api/v1/sessions/${ATTENDANCE_SESSION}/attendance`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify([w]),
      })
      if (!(await check(`attendance ${w.officialId}`, res))) return
      s.attendanceDone++
    }
  }
  const meetings = async () => {
    while (s.meetingsDone < s.meetings.length) {
      await pause(300, 1200)
      const m = s.meetings[s.meetingsDone]!
      const ts = String(Math.floor(dilatedNow(time) / 1000))
      const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${m.body}`).digest('hex')}`
      const headers = {
        'content-type': 'application/json',
        'x-xuefa-timestamp': ts,
        'x-xuefa-event-id': m.eventId,
        'x-xuefa-signature': signature,
      }
      if (!(await check(`meeting ${m.id}`, await call('/webhooks/meetings', { method: 'POST', headers, body: m.body })))) return
      s.meetingsDone++
    }
  }
  const exams = async () => {
    while (s.examsDone < s.exams.length) {
      await pause(300, 1200)
      const b = s.exams[s.examsDone]!
      if (
        !(await check(
          `exam batch ${s.examsDone}`,
          await call('/api/v1/import/exam-results', { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: b.csv }),
        ))
      )
        return
      s.examsDone++
    }
  }
  const answerer = async (officialId: string) => {
    const st = s.chat.get(officialId)!
    const contact = contactOf(officialId)
    const inbox = () => s.heard.get(contact) ?? []
    // the first reply since `from` that `expect` accepts (a killed server never gives it: the kill ends the wait; a live
    // one that stays silent fails the test by its timeout)
    const waitFor = (from: number, expect: (t: string) => boolean): Promise<string> =>
      s.news.until(() => {
        const hit = inbox().slice(from).find(expect)
        if (hit) return hit
        if (life.over) throw new LifeOver()
        return undefined
      })
    const say = (text: string) => {
      const from = inbox().length
      d.say(contact, `m-${life.seed}-${officialId}-${++messageNo}`, text)
      return from
    }
    const nextStep = (t: string) => QUESTION.test(t) || t.startsWith('你已完成') || /^测验完成/m.test(t)
    if (st.done) return
    await pause(50, 600)
    if (!QUESTION.test(await waitFor(say('答题'), nextStep))) {
      st.done = true
      return
    }
    for (;;) {
      await pause(50, 400)
      const from = say(rnd.pick(['A', 'B', 'C', 'D']))
      await waitFor(from, (t) => t.startsWith('✅') || t.startsWith('❌'))
      st.acked++ // the verdict is the acknowledgement
      if (!QUESTION.test(await waitFor(from, nextStep))) {
        st.done = true
        return
      }
    }
  }

  const tasks = [attendance(), meetings(), exams(), ...county.answerers.map(answerer)]
  const results = await Promise.allSettled(tasks)
  for (const r of results) {
    if (r.status === 'rejected' && !(r.reason instanceof LifeOver) && !life.over) s.unexpected.push(String(r.reason))
  }
}
