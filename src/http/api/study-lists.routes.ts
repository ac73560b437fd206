/** The year's 学法清单 (issue 21 item 7): a unit's list written as a whole, and what was studied of the lists in scope. */
import { createRoute, z } from '@hono/zod-openapi'
import { yearRange } from '../../calendar.js'
import { resolveReportUnit } from '../../reports/report.service.js'
import { APPLIES_TO } from '../../reports/study-list.rules.js'
import { collectStudyList, replaceStudyList } from '../../reports/study-list.service.js'
import { requireRole } from '../common/auth.js'
import { assertUnitInScope, scopedUnit } from '../common/scope.js'
import { actorOf, type HttpDeps } from '../common/types.js'
import { createRouter } from './router.js'
import { AUTH_ERRORS, bearerSecurity, errorResponses, json, jsonBody, unitCode, unitQuery, year } from './schemas.js'

const tags = ['study-lists']
const appliesTo = z
  .enum(APPLIES_TO)
  .openapi({ description: 'all 全体人员, leaders 领导班子成员, principals 主要负责人, enforcement 执法人员' })

const ListLaw = z.object({ title: z.string(), appliesTo, note: z.string().nullable() }).openapi('StudyListLaw')

const StudyListBody = z
  .object({
    laws: z
      .array(
        z
          .object({
            title: z
              .string()
              .trim()
              .min(1)
              .max(200)
              .openapi({ description: 'any spelling: stored by the canonical title (《》, short names)' }),
            appliesTo: appliesTo.optional(),
            note: z.string().trim().max(200).nullable().optional(),
          })
          .strict(),
      )
      .max(500),
  })
  .strict()
  .openapi('StudyListInput')

const StoredList = z.object({ unitCode: z.string(), year: z.number().int(), laws: z.array(ListLaw) }).openapi('StudyList')

const rate = z.number().nullable()
const LawProgress = z
  .object({
    title: z.string(),
    appliesTo,
    studied: z.boolean().openapi({ description: 'a session held in the year, by the unit, a unit above or below it, studied the law' }),
    sessions: z.number().int(),
    expected: z.number().int().openapi({ description: 'people the law applies to, on the roster at the end of the year' }),
    reached: z.number().int().openapi({ description: 'of those, who attended such a session or finished a quiz on the law in the year' }),
  })
  .openapi('StudyListLawProgress')
const UnitProgress = z
  .object({
    code: z.string(),
    name: z.string(),
    listed: z.number().int(),
    studied: z.number().int(),
    completionRate: rate,
    expected: z.number().int(),
    reached: z.number().int(),
    reachRate: rate,
    laws: z.array(LawProgress),
  })
  .openapi('StudyListUnitProgress')
const Progress = z
  .object({
    year: z.number().int(),
    listed: z.number().int(),
    studied: z.number().int(),
    completionRate: rate.openapi({ description: 'laws studied / laws listed' }),
    expected: z.number().int(),
    reached: z.number().int(),
    reachRate: rate.openapi({ description: 'reached / expected, summed over the laws' }),
    units: z.array(UnitProgress),
  })
  .openapi('StudyListProgress')

const progressDef = createRoute({
  method: 'get',
  path: '/study-lists',
  tags,
  security: bearerSecurity,
  summary:
    'The year’s 学法清单 of a unit and the units below it: per unit, each listed law studied or not, and by how many of those expected',
  middleware: [requireRole('admin', 'organizer', 'reporter')] as const,
  request: { query: z.object({ year, unit: unitQuery }) },
  responses: {
    200: json(Progress, 'the figures; units is empty when no unit in scope has a list'),
    ...errorResponses(400, ...AUTH_ERRORS, 404),
  },
})

const replaceDef = createRoute({
  method: 'put',
  path: '/study-lists/{unitCode}/{year}',
  tags,
  security: bearerSecurity,
  summary: 'Replace a unit’s 学法清单 for a year (an empty list removes it); admin, or an organizer within its units',
  middleware: [requireRole('admin', 'organizer')] as const,
  request: {
    params: z.object({
      unitCode: unitCode.openapi({ param: { name: 'unitCode', in: 'path' } }),
      year: year.openapi({ param: { name: 'year', in: 'path' } }),
    }),
    body: jsonBody(StudyListBody),
  },
  responses: { 200: json(StoredList, 'the list as now stored, canonical titles in order'), ...errorResponses(400, ...AUTH_ERRORS, 404) },
})

export function studyListRoutes(deps: HttpDeps) {
  const { db, clock, config } = deps
  const app = createRouter()

  app.openapi(progressDef, async (c) => {
    const q = c.req.valid('query')
    const { scopePath } = await resolveReportUnit(db, await scopedUnit(db, c.get('auth'), q.unit))
    const { block } = await collectStudyList(db, { scopePath, year: q.year, ...yearRange(q.year, config.XUEFA_TZ) })
    const empty = { listed: 0, studied: 0, completionRate: null, expected: 0, reached: 0, reachRate: null, units: [] }
    return c.json({ year: q.year, ...(block ?? empty) }, 200)
  })

  app.openapi(replaceDef, async (c) => {
    const p = c.req.valid('param')
    await assertUnitInScope(db, c.get('auth'), p.unitCode)
    const laws = await replaceStudyList({ db, clock }, { unitCode: p.unitCode, year: p.year, laws: c.req.valid('json').laws }, actorOf(c))
    return c.json({ unitCode: p.unitCode, year: p.year, laws }, 200)
  })

  return app
}
