/** The meetings feed as the OA system sends it (CONTRACT §3): the schema that checks it and its answer. */
import { z } from '@hono/zod-openapi'
import { parseDateTime } from '../../calendar.js'
import { unitCode } from './schemas.js'

const text = (max: number) => z.string().trim().min(1).max(max)

export const MeetingSchema = z
  .object({
    id: text(100).openapi({ example: 'OA-2024-012', description: "the OA system's meeting id" }),
    body: text(100).openapi({ example: '县政府常务会议' }),
    meetingNo: text(50).openapi({ example: '第12次' }),
    startsAt: z.string().max(40).openapi({ example: '2024-03-05T09:00:00+08:00' }),
    unitCode,
    laws: z.array(text(100)).max(20).optional(),
    presenter: text(100).optional(),
    cancelled: z.boolean().optional(),
  })
  .openapi('Meeting')

export const MeetingsFeedSchema = z
  .object({ meetings: z.array(MeetingSchema).max(500) })
  .superRefine((feed, ctx) => {
    const seen = new Set<string>()
    feed.meetings.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['meetings', i, 'id'], message: `meeting ${m.id} appears twice` })
      seen.add(m.id)
      if (!parseDateTime(m.startsAt, 'UTC')) {
        ctx.addIssue({ code: 'custom', path: ['meetings', i, 'startsAt'], message: 'expected ISO 8601 with offset or YYYY-MM-DD HH:mm' })
      }
    })
  })
  .openapi('MeetingsFeed')

export const FeedResultSchema = z
  .object({
    received: z.number().int(),
    created: z.array(z.string()).openapi({ description: 'ids of the sessions planned' }),
    updated: z.array(z.string()),
    cancelled: z.array(z.string()),
    unchanged: z
      .array(z.string())
      .openapi({ description: 'sent again without changes, already held or cancelled, or cancelled before it was planned' }),
    duplicate: z.boolean().optional().openapi({ description: 'true when the event id was seen before: nothing changed' }),
  })
  .openapi('MeetingsFeedResult')
