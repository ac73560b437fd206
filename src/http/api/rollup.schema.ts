/** The province roll-up (issue 19) as the API gives it: CONTRACT §4's blocks per county and their total. */
import { z } from '@hono/zod-openapi'
import { SESSION_KINDS } from '../../sessions/session.rules.js'

const count = z.number().int()
const fraction = z.number().nullable().openapi({ description: 'a fraction to 4 decimals; null when the denominator is 0' })

const FiguresSchema = z.object({
  sessions: z.object({
    held: count,
    byKind: z.object(Object.fromEntries(SESSION_KINDS.map((k) => [k, count])) as Record<(typeof SESSION_KINDS)[number], typeof count>),
    preMeetingByBody: z.array(z.object({ body: z.string().nullable(), count })),
    laws: z.array(z.object({ title: z.string(), sessions: count })),
    hours: z.number(),
  }),
  attendance: z.object({
    expected: count,
    present: count,
    late: count,
    excused: count,
    makeup: count,
    absent: count,
    rate: fraction,
    personTimes: count,
    people: count.openapi({ description: 'in the total: people counted once across counties' }),
  }),
  quizzes: z.object({
    assigned: count,
    completed: count,
    completionRate: fraction,
    averageScore: z.number().nullable(),
    passRate: fraction,
  }),
  exams: z.object({
    appointment: z.object({
      candidates: count,
      tested: count,
      coverage: fraction,
      passed: count,
      passRate: fraction,
      makeups: count,
      deferred: count,
      withdrawn: count,
    }),
    enforcement_cert: z.object({ sittings: count, personTimes: count, passed: count, passRate: fraction }),
    annual: z.object({
      enrolled: count,
      tested: count,
      participationRate: fraction,
      passRate: fraction,
      averageScore: z.number().nullable(),
    }),
  }),
})

const SharedOfficialSchema = z.object({
  id: z.string().openapi({ description: 'the 编号' }),
  counties: z.array(z.object({ namespace: z.string(), name: z.string() })),
})

export const RollupSchema = z
  .object({
    year: count,
    counties: z.array(
      FiguresSchema.extend({
        namespace: z.string().openapi({ description: "the county's namespace on the province's libSQL server" }),
        unit: z.object({ code: z.string().nullable(), name: z.string() }),
      }),
    ),
    total: FiguresSchema.openapi({
      description:
        'the counties summed: person-times, sessions, hours and sittings added up; people counted once (the same 编号 and 姓名 in several rosters is one person); rates recomputed from the totals',
    }),
    previousYear: FiguresSchema.nullable(),
    changes: z.record(z.string(), z.number()).openapi({ description: "year-on-year differences of the total's rates, as fractions" }),
    moved: z.array(SharedOfficialSchema).openapi({ description: 'the same 编号 and 姓名 in several counties: counted once' }),
    sameIdOtherName: z.array(SharedOfficialSchema).openapi({ description: 'the same 编号 under other names: counted as different people' }),
  })
  .openapi('Rollup')
