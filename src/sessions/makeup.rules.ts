/** When a session's make-up closes: its `makeup.days` after the session's closing (planned, or now if later). */
import { closeTime, type TimelineSettings } from './timeline.rules.js'

export function makeupUntil(session: { startsAt: string }, settings: TimelineSettings, now: Date): string {
  const closing = Math.max(closeTime(new Date(session.startsAt), settings).getTime(), now.getTime())
  return new Date(closing + settings.makeup.days * 86_400_000).toISOString()
}
