import { Hono } from 'hono'
import { z } from 'zod'
import { AppError } from '../../errors.js'
import { parseDateTime } from '../../calendar.js'
import { findOfficial } from '../../roster/officials.repo.js'
import { assignAppointmentExam } from '../../exams/exam.service.js'
import { requireRole } from '../middleware/auth.js'
import { assertUnitInScope } from '../scope.js'
import type { AppEnv, HttpDeps } from '../types.js'

const count = z.number().int().min(0).max(200)

/** CONTRACT §3 `POST /api/v1/exams/appointment`, plus an optional `blueprint` (an addition). */
export const assignExamBody = z
  .object({
    officialId: z.string().trim().min(1).max(64),
    proposedPost: z.string().trim().min(1).max(200),
    opensAt: z.string().trim().min(1).max(40),
    minutes: z.number().int().min(5).max(600).optional(),
    passScore: z.number().min(0).max(100).optional(),
    blueprint: z
      .object({
        single: count.optional(),
        multiple: count.optional(),
        judge: count.optional(),
        weights: z
          .object({
            single: z.number().positive().max(100).optional(),
            multiple: z.number().positive().max(100).optional(),
            judge: z.number().positive().max(100).optional(),
          })
          .strict()
          .optional(),
        laws: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export function examRoutes(deps: HttpDeps): Hono<AppEnv> {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = new Hono<AppEnv>()

  app.post('/exams/appointment', requireRole('admin', 'organizer'), async (c) => {
    let raw: unknown
    try {
      raw = await c.req.json()
    } catch {
      throw new AppError('INVALID_INPUT', 'the body is not valid JSON')
    }
    const input = assignExamBody.parse(raw)
    const opensAt = parseDateTime(input.opensAt, tz)
    if (!opensAt) {
      throw new AppError('INVALID_INPUT', 'opensAt is not a time', {
        issues: [{ path: ['opensAt'], message: 'expected YYYY-MM-DD HH:mm or ISO 8601 with offset' }],
      })
    }
    const official = await findOfficial(db, input.officialId)
    if (!official) throw new AppError('NOT_FOUND', `official ${input.officialId} not found`)
    await assertUnitInScope(db, c.get('auth'), official.unitCode)
    const auth = c.get('auth')
    const assigned = await assignAppointmentExam(
      { db, clock, tz },
      { ...input, opensAt },
      {
        actor: `token:${auth.tokenId}`,
        ip: c.req.header('x-forwarded-for') ?? null,
        requestId: c.get('requestId'),
      },
    )
    return c.json({ id: assigned.examId, ...assigned }, 201)
  })

  return app
}
