/**
 * The personal link of a session (CONTRACT §8): its material and quiz on the mobile page, for the notices to carry.
 * It lives until a few days after the quiz's deadline (or the session, when there is no deadline), so a late reader
 * still sees the material and their result.
 */
import type { LinkIssuer } from '../access/links.service.js'
import type { Quiz } from '../quizzes/quizzes.repo.js'
import type { Session } from './sessions.repo.js'

export const SESSION_LINK_GRACE_DAYS = 3

export function sessionLinkExpiry(session: Pick<Session, 'startsAt'>, quiz: Pick<Quiz, 'deadlineAt'> | null, now: Date): Date {
  const until = Math.max(new Date(session.startsAt).getTime(), quiz?.deadlineAt ? new Date(quiz.deadlineAt).getTime() : 0)
  return new Date(Math.max(until, now.getTime()) + SESSION_LINK_GRACE_DAYS * 24 * 3600_000)
}

/** One official's link to a session's page. */
export function sessionLinkUrl(
  links: LinkIssuer,
  officialId: string,
  session: Pick<Session, 'id' | 'startsAt'>,
  quiz: Pick<Quiz, 'deadlineAt'> | null,
  now: Date,
): string {
  return links.url(officialId, 'session', session.id, sessionLinkExpiry(session, quiz, now))
}
