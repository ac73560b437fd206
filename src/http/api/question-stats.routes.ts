/** What each question teaches: per question and per law, for a year and a unit subtree (reports/question-stats.*). */
import { createRoute, z } from '@hono/zod-openapi'
import { questionStatistics } from '../../reports/question-stats.service.js'
import { requireRole } from '../common/auth.js'
import { scopedUnit } from '../common/scope.js'
import type { HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, json, unitQuery, year } from './schemas.js'

const share = z.number().min(0).max(1).nullable()

const QuestionStatSchema = z
  .object({
    questionId: z.string(),
    type: z.enum(['single', 'multiple', 'judge', 'short']),
    stem: z.string(),
    lawTitle: z.string(),
    answered: z.number().int().openapi({ description: 'times answered in the counted attempts' }),
    right: z.number().int(),
    facility: share.openapi({ description: 'facility index: right ÷ answered' }),
    discrimination: z.number().min(-1).max(1).nullable().openapi({
      description: '(right in the top third − right in the bottom third) ÷ the third, ranked by total score; null under 3 answers',
    }),
    distractor: z
      .object({ response: z.string(), text: z.string().nullable(), count: z.number().int(), share: z.number() })
      .nullable()
      .openapi({ description: 'the wrong response given most (choice questions)' }),
    reasons: z
      .array(z.enum(['too_hard', 'too_easy', 'one_distractor']))
      .openapi({ description: 'why it is dubious: facility < 20 %, > 95 %, or over half the wrong answers on one distractor; [] = not' }),
  })
  .openapi('QuestionStat')

const LawStatSchema = z
  .object({
    lawTitle: z.string(),
    questions: z.number().int(),
    answered: z.number().int(),
    right: z.number().int(),
    accuracy: share,
  })
  .openapi('LawStat')

const QuestionStatisticsSchema = z
  .object({
    year: z.number().int(),
    unit: z.object({ code: z.string().nullable(), name: z.string() }),
    attempts: z.number().int().openapi({ description: 'attempts counted: graded, handed in, the first per person and quiz' }),
    answers: z.number().int(),
    questions: z.array(QuestionStatSchema).openapi({ description: 'the hardest first' }),
    laws: z.array(LawStatSchema).openapi({ description: 'the most answered first' }),
  })
  .openapi('QuestionStatistics')

const questionsDef = createRoute({
  method: 'get',
  path: '/reports/questions',
  tags: ['reports'],
  security: bearerSecurity,
  summary: 'What each question teaches (facility, discrimination, dubious questions) and each law’s accuracy, in a year',
  middleware: [requireRole('admin', 'organizer', 'reporter')] as const,
  request: { query: z.object({ year, unit: unitQuery }) },
  responses: { 200: json(QuestionStatisticsSchema, 'the statistics'), ...errorResponses(400, ...AUTH_ERRORS, 404) },
})

export function questionStatsRoutes(deps: HttpDeps) {
  const { db, config } = deps
  const app = createRouter()
  app.openapi(questionsDef, async (c) => {
    const q = c.req.valid('query')
    const unitCode = await scopedUnit(db, c.get('auth'), q.unit)
    return c.json(await questionStatistics(db, { year: q.year, unitCode, tz: config.XUEFA_TZ }), 200)
  })
  return app
}
