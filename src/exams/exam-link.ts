/**
 * The personal link of an exam (CONTRACT §8) and what goes out with it: one private notice when a 任前 exam is
 * assigned, one result message when a sitting closes on the page (chat replies to the candidate itself).
 */
import type { InStatement } from '@libsql/client'
import type { LinkIssuer } from '../access/links.service.js'
import { keyedPrivateDelivery } from '../delivery/fanout.js'
import { insertDeliveriesStatements } from '../delivery/deliveries.repo.js'
import { examLinkCopy } from './exam-link.copy.zh.js'
import type { Exam } from './exams.repo.js'

/** A 任前 exam's link lives this long after the exam opens (or after it is issued, if later): the sitting and the one make-up. */
export const EXAM_LINK_DAYS = 30

/**
 * When an exam's link expires: a 年度学法考试's (`annualClosesAt` given) when its window closes; a 任前 exam's
 * EXAM_LINK_DAYS after it opens. The notice, the reminder and a link sent again follow this one rule.
 */
export function examLinkExpiry(exam: Pick<Exam, 'opensAt'>, now: Date, annualClosesAt?: string): Date {
  if (annualClosesAt !== undefined) return new Date(annualClosesAt)
  const from = Math.max(new Date(exam.opensAt).getTime(), now.getTime())
  return new Date(from + EXAM_LINK_DAYS * 24 * 3600_000)
}

export function examLinkUrl(
  links: LinkIssuer,
  exam: Pick<Exam, 'id' | 'officialId' | 'opensAt'>,
  now: Date,
  annualClosesAt?: string,
): string {
  return links.url(exam.officialId, 'exam', String(exam.id), examLinkExpiry(exam, now, annualClosesAt))
}

export interface ExamNoticeInput {
  exam: Pick<Exam, 'id' | 'officialId' | 'opensAt' | 'proposedPost'>
  questions: number
  minutes: number
  passScore: number
  /** the exam's opening, as the candidate reads it */
  opens: string
}

/** The one notice of an assigned 任前 exam, with the candidate's link (once per exam). */
export function examNoticeStatements(links: LinkIssuer, n: ExamNoticeInput, now: Date): InStatement[] {
  const text = examLinkCopy.assigned(n.exam.proposedPost, n.questions, n.minutes, n.passScore, n.opens, examLinkUrl(links, n.exam, now))
  const at = now.toISOString()
  return insertDeliveriesStatements(
    [keyedPrivateDelivery(`exam.notice:${n.exam.id}`, n.exam.officialId, { text, tag: 'exam.notice' }, at)],
    at,
  )
}

/** The result of a sitting closed on the page (what chat would have replied), once per attempt; the make-up's link when one is offered. */
export function examResultStatements(
  links: LinkIssuer,
  exam: Pick<Exam, 'id' | 'officialId' | 'opensAt'>,
  attemptId: number,
  texts: readonly string[],
  makeupOffered: boolean,
  now: Date,
): InStatement[] {
  const lines = [...texts]
  if (makeupOffered) lines.push(examLinkCopy.makeupLink(examLinkUrl(links, exam, now)))
  const at = now.toISOString()
  return insertDeliveriesStatements(
    [keyedPrivateDelivery(`attempt.result:${attemptId}`, exam.officialId, { text: lines.join('\n'), tag: 'exam.result' }, at)],
    at,
  )
}
