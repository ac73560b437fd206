/**
 * An expired or revoked personal link offers to send a new one: one private message with a fresh link to the
 * person's bound chat, at most once per RESEND_INTERVAL_MS and RESEND_PER_DAY times in 24 hours per person: a
 * leaked link must not let anyone spend the account's daily cap.
 */
import type { LinkIssuer } from '../access/links.service.js'
import type { LinkClaims } from '../access/links.rules.js'
import { linkCopy } from '../access/links.copy.zh.js'
import type { Clock } from '../clock.js'
import { countPlannedSince, findLastPlannedAt, insertDeliveriesStatements } from '../delivery/deliveries.repo.js'
import { keyedPrivateDelivery } from '../delivery/fanout.js'
import { examLinkUrl } from '../exams/exam-link.js'
import { findExam } from '../exams/exams.repo.js'
import { findAnnualExam } from '../exams/annual.repo.js'
import { findQuizBySession } from '../quizzes/quizzes.repo.js'
import { quizFor } from '../quizzes/extensions.repo.js'
import { isBound } from '../roster/binding.repo.js'
import type { Db } from '../storage/db.js'
import { sessionLinkUrl } from './session-link.js'
import { findSession } from './sessions.repo.js'

export const RESEND_INTERVAL_MS = 10 * 60_000
const RESEND_PER_DAY = 3
const DAY_MS = 24 * 3600_000

export interface ResendDeps {
  db: Db
  clock: Clock
  links: LinkIssuer
}

export type ResendOutcome = 'sent' | 'too_soon' | 'day_limit' | 'unbound' | 'gone'

export async function resendLink(deps: ResendDeps, claims: Pick<LinkClaims, 'officialId' | 'purpose' | 'ref'>): Promise<ResendOutcome> {
  const { db, clock } = deps
  const now = clock.now()
  if (!(await isBound(db, claims.officialId))) return 'unbound'
  let url: string | null = null
  if (claims.purpose === 'session') {
    const session = await findSession(db, claims.ref)
    // a make-up's link lives as long as the person's own window
    const quiz = session ? await quizFor(db, await findQuizBySession(db, session.id), claims.officialId) : null
    if (session) url = sessionLinkUrl(deps.links, claims.officialId, session, quiz, now)
  } else {
    const exam = /^\d{1,15}$/.test(claims.ref) ? await findExam(db, Number(claims.ref)) : null
    const annual = exam?.annualId != null ? await findAnnualExam(db, exam.annualId) : null
    if (exam && exam.officialId === claims.officialId) url = examLinkUrl(deps.links, exam, now, annual?.closesAt)
  }
  if (url === null) return 'gone'
  const message = { text: linkCopy.resent(url), tag: 'link.resend' }
  const prefix = `link.resend:${claims.officialId}:`
  const at = now.toISOString()
  // the check and the row in one write transaction: two clicks at once plan one message
  return db.write(async (tx) => {
    const last = await findLastPlannedAt(tx, prefix)
    if (last !== null && now.getTime() - new Date(last).getTime() < RESEND_INTERVAL_MS) return 'too_soon'
    const since = new Date(now.getTime() - DAY_MS).toISOString()
    if ((await countPlannedSince(tx, prefix, since)) >= RESEND_PER_DAY) return 'day_limit'
    const row = keyedPrivateDelivery(`${prefix}${at}`, claims.officialId, message, at)
    for (const st of insertDeliveriesStatements([row], at)) await tx.execute(st)
    return 'sent'
  })
}
