/** Which domain effect each job kind runs: the registry the scheduler's runner dispatches on. */
import type { JobEffects } from '../jobs/effects.js'
import { closeSession } from '../sessions/close.service.js'
import { sendMakeup, sendMaterials, sendNotice, sendReminder, sendWeeklyDigest } from '../sessions/steps.service.js'
import { runScheduleFire } from '../schedules/schedules.service.js'
import { sendAnnualNotice, sendAnnualReminder } from '../exams/annual-notice.service.js'

export function createJobHandlers(): JobEffects {
  const handlers: JobEffects = {
    'session.materials': sendMaterials,
    'session.reminder': sendReminder,
    'session.close': closeSession,
    'session.notice': sendNotice,
    'official.makeup': sendMakeup,
    'digest.weekly': sendWeeklyDigest,
    'annual.open': sendAnnualNotice,
    'annual.remind': sendAnnualReminder,
    'schedule.fire': (payload, job, deps) => runScheduleFire(deps, payload, job, handlers),
  }
  return handlers
}
