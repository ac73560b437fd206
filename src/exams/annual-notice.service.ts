/**
 * The 年度学法考试's messages: when it opens, one private message to each enrolled official carrying their
 * personal link (purpose 'exam', ref = their exams row, expiring when the window closes); before it closes, one
 * reminder to those who have not started. Both plan outbox rows keyed by the job and the person, so a job that
 * runs again sends nothing twice. Officials not bound to a chat account get nothing (they are counted in the log).
 * No message after a sitting: the page shows the result; only a sitting that the clock closes (the person was
 * not there to see it) is told its result, by the scheduler's closing of overdue attempts.
 */
import { formatLocalShortZh } from '../calendar.js'
import { createLinkIssuer } from '../access/links.service.js'
import { insertDeliveries } from '../delivery/deliveries.repo.js'
import { privateDelivery } from '../delivery/fanout.js'
import type { JobDeps, JobEffect } from '../jobs/effects.js'
import type { Job } from '../jobs/jobs.repo.js'
import { findAnnualExam, listAnnualTargets } from './annual.repo.js'
import { annualCopy } from './copy.zh.js'
import { examLinkUrl } from './exam-link.js'

async function plan(deps: JobDeps, job: Job, annualId: number, step: 'open' | 'remind'): Promise<void> {
  const exam = await findAnnualExam(deps.db, annualId)
  if (!exam) throw new Error(`annual exam ${annualId} not found`)
  const nowDate = deps.clock.now()
  const now = nowDate.toISOString()
  if (now >= exam.closesAt) {
    deps.logger.info({ jobId: job.id, annualId, step }, 'annual exam already closed; nothing to send')
    return
  }
  if (!deps.linkBaseUrl) throw new Error('personal links need the public base URL (JobDeps.linkBaseUrl)')
  const issuer = await createLinkIssuer(deps.db, deps.linkBaseUrl, () => deps.clock.now())
  const targets = await listAnnualTargets(deps.db, annualId, now, step === 'remind')
  const closes = formatLocalShortZh(new Date(exam.closesAt), deps.tz)
  const facts = {
    title: exam.title,
    closes,
    questions: exam.questionIds.length,
    minutes: exam.minutes,
    passScore: exam.passScore,
    attempts: exam.attempts,
  }
  const rows = targets
    .filter((t) => t.bound)
    .map((t) => {
      const url = examLinkUrl(issuer, { id: t.examId, officialId: t.officialId, opensAt: exam.opensAt }, nowDate, exam.closesAt)
      const text = step === 'open' ? annualCopy.notice(facts, url) : annualCopy.reminder(facts, url)
      return privateDelivery(job.id, t.officialId, { text, tag: `annual.${step}` }, now)
    })
  const planned = await insertDeliveries(deps.db, rows, now)
  deps.logger.info(
    { jobId: job.id, annualId, step, officials: targets.length, unbound: targets.length - rows.length, planned },
    'annual exam messages planned',
  )
}

export const sendAnnualNotice: JobEffect<'annual.open'> = ({ annualId }, job, deps) => plan(deps, job, annualId, 'open')
export const sendAnnualReminder: JobEffect<'annual.remind'> = ({ annualId }, job, deps) => plan(deps, job, annualId, 'remind')
