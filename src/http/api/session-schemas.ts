import { quizSpecSchema } from '../../quizzes/quiz.schema.js'
import { z } from '@hono/zod-openapi'
import { ATTENDANCE_STATUSES, SESSION_KINDS } from '../../sessions/session.rules.js'
import { unitCode } from './schemas.js'

const text = (max: number) => z.string().trim().max(max)

export const createSessionBody = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]{0,63}$/)
      .optional()
      .openapi({ description: 'your own id (409 if it exists); generated when omitted' }),
    kind: z.enum(SESSION_KINDS),
    title: z.string().trim().min(1).max(200),
    startsAt: z
      .string()
      .min(1)
      .max(40)
      .openapi({ example: '2024-03-05 09:00', description: 'YYYY-MM-DD HH:mm in XUEFA_TZ, or ISO 8601 with offset' }),
    unitCode,
    body: text(100).optional(),
    meetingNo: text(50).optional(),
    hours: z.number().min(0).max(200).optional(),
    laws: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
    presenter: text(100).optional(),
    audience: z
      .object({
        unitCodes: z.array(unitCode).max(500).optional(),
        officialIds: z.array(z.string().min(1).max(64)).max(20_000).optional(),
        leadersOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
    quiz: quizSpecSchema.optional(),
  })
  .strict()
  .openapi('NewSession')

export const listSessionsQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  unit: unitCode.optional().openapi({ description: 'the unit and the units below it; must be within the token scope' }),
  kind: z.enum(SESSION_KINDS).optional(),
})

export const sessionIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'S20240305-a1b2c3' }),
})

export const attendanceBody = z
  .array(
    z
      .object({ officialId: z.string().trim().min(1).max(64), status: z.enum(ATTENDANCE_STATUSES), note: z.string().max(500).optional() })
      .strict(),
  )
  .min(1)
  .max(20_000)
  .openapi('AttendanceMarks')
