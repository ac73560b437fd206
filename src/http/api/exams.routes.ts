/** The 任前 exam: assigning one, recording its outcome, its 成绩单 (DOCX). Refusals carry the domain's Chinese message. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { findOfficial, type Official } from '../../roster/officials.repo.js'
import { assignAppointmentExamIn, recordOutcomeOfExam } from '../../exams/exam.service.js'
import { appointmentRefusedCopy, scoreSheetFileName } from '../../exams/copy.zh.js'
import { OUTCOME_WORDS } from '../../exams/exam.rules.js'
import { findExam, type Exam } from '../../exams/exams.repo.js'
import { contentDisposition, renderScoreSheet } from '../../reports/render.js'
import type { Db } from '../../storage/db.js'
import type { AuthInfo } from '../common/types.js'
import { createLinkIssuer } from '../../access/links.service.js'
import { publicBaseUrl } from '../../config.js'
import { requireRole } from '../common/auth.js'
import { assertFoundInScope } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { respondOnceIn } from '../common/idempotency.js'
import {
  AUTH_ERRORS,
  bearerSecurity,
  binary,
  errorResponses,
  idempotencyHeader,
  intIdParam,
  json,
  jsonBody,
  plainText,
  requestTimes,
} from './schemas.js'

const count = z.number().int().min(0).max(200)

/** `POST /api/v1/exams/appointment`, with an optional `blueprint` of how many questions of each type. */
const assignExamBody = z
  .object({
    officialId: plainText(1, 64),
    proposedPost: plainText(1, 200),
    opensAt: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .openapi({ example: '2024-03-05 09:00', description: 'YYYY-MM-DD HH:mm in XUEFA_TZ, or ISO 8601 with offset' }),
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
        laws: z.array(plainText(1, 100)).max(20).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('AssignAppointmentExam')

const assignDef = createRoute({
  method: 'post',
  path: '/exams/appointment',
  tags: ['exams'],
  security: bearerSecurity,
  summary: 'Assign a 任前 exam to an official (admin, organizer within its units)',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { headers: idempotencyHeader, body: jsonBody(assignExamBody) },
  responses: {
    201: json(z.object({ id: z.number().int() }).passthrough(), 'the exam assigned'),
    ...errorResponses(400, ...AUTH_ERRORS, 404, 409),
  },
})

const outcomeBody = z
  .object({
    outcome: z
      .enum(Object.keys(OUTCOME_WORDS) as [string, ...string[]])
      .openapi({ description: 'passed | deferred | withdrawn, or 通过 | 暂缓任用 | 撤回提名' }),
  })
  .strict()
  .openapi('AppointmentExamOutcome')

const examView = z
  .object({ id: z.number().int(), officialId: z.string(), state: z.string(), outcome: z.string().nullable() })
  .openapi('AppointmentExamOutcomeRecorded')

const outcomeDef = createRoute({
  method: 'put',
  path: '/exams/appointment/{id}/outcome',
  tags: ['exams'],
  security: bearerSecurity,
  summary: "Record 通过 / 暂缓任用 / 撤回提名 on a candidate's latest 任前 exam, once taken (admin, organizer within its units)",
  middleware: [requireRole('admin', 'organizer')] as const,
  request: { params: intIdParam, body: jsonBody(outcomeBody) },
  responses: { 200: json(examView, 'the exam with its outcome'), ...errorResponses(400, ...AUTH_ERRORS, 404, 409) },
})

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const sheetDef = createRoute({
  method: 'get',
  path: '/exams/appointment/{id}/sheet',
  tags: ['exams'],
  security: bearerSecurity,
  summary: 'The 成绩单 of a 任前 exam someone sat, as DOCX for the personal file',
  middleware: [requireRole('admin', 'organizer', 'reporter')] as const,
  request: { params: intIdParam },
  responses: { 200: { description: 'a download', content: binary(DOCX) }, ...errorResponses(...AUTH_ERRORS, 404, 409) },
})

/** A 任前 exam (with its candidate) whose candidate is within the token's units (outside them: as if missing). */
async function appointmentExamInScope(db: Db, auth: AuthInfo, id: number): Promise<{ exam: Exam; official: Official }> {
  const missing = () => new AppError('NOT_FOUND', appointmentRefusedCopy.notAppointment(id))
  const exam = await findExam(db, id)
  if (exam?.kind !== 'appointment') throw missing()
  const official = await findOfficial(db, exam.officialId)
  if (!official) throw missing()
  await assertFoundInScope(db, auth, official.unitCode, missing)
  return { exam, official }
}

export function examRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const tz = config.XUEFA_TZ
  const app = createRouter()

  app.openapi(assignDef, async (c) => {
    const input = c.req.valid('json')
    const { opensAt } = requestTimes({ opensAt: input.opensAt }, tz)
    const official = await findOfficial(db, input.officialId)
    const missing = () => new AppError('NOT_FOUND', appointmentRefusedCopy.noOfficial(input.officialId))
    if (!official) throw missing()
    await assertFoundInScope(db, c.get('auth'), official.unitCode, missing)
    const links = await createLinkIssuer(db, publicBaseUrl(deps.config), () => clock.now())
    // the exam and the response a retry with the same Idempotency-Key gets commit together
    const answer = await db.write(async (tx) => {
      const assigned = await assignAppointmentExamIn(tx, { clock, tz, links }, { ...input, opensAt }, actorOf(c))
      const body = { id: assigned.examId, ...assigned }
      await respondOnceIn(c, tx, 201, body)
      return body
    })
    return c.json(answer, 201)
  })

  app.openapi(outcomeDef, async (c) => {
    const { exam } = await appointmentExamInScope(db, c.get('auth'), c.req.valid('param').id)
    const outcome = OUTCOME_WORDS[c.req.valid('json').outcome]!
    const e = await recordOutcomeOfExam({ db, clock, tz }, exam, outcome, actorOf(c))
    return c.json({ id: e.id, officialId: e.officialId, state: e.state, outcome: e.outcome }, 200)
  })

  app.openapi(sheetDef, async (c) => {
    const { exam, official } = await appointmentExamInScope(db, c.get('auth'), c.req.valid('param').id)
    const docx = await renderScoreSheet({ db, tz }, exam.id)
    c.header('Content-Type', DOCX)
    c.header('Content-Disposition', contentDisposition(scoreSheetFileName(official.name), `score-sheet-${exam.id}.docx`))
    return c.body(new Uint8Array(docx), 200)
  })

  return app
}
