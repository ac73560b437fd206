/** The capacity of a session (issue 16) as the API gives it: added beside the session, never in its place. */
import { z } from '@hono/zod-openapi'
import type { CapacityReport } from '../../sessions/capacity.service.js'

const count = z.number().int()
const ms = z.number().openapi({ description: 'milliseconds' })

export const CapacitySchema = z
  .object({
    date: z.string().openapi({ description: 'the local day whose cap is counted, YYYY-MM-DD' }),
    noticeAt: z.string().nullable().openapi({ description: 'when the notice fan-out starts (ISO UTC); null when it is not to come' }),
    deadline: z.object({ kind: z.enum(['quiz', 'start']), at: z.string() }).nullable(),
    officials: count.openapi({ description: 'officials expected' }),
    bound: count.openapi({ description: 'of them, bound to a bot account (reached in private)' }),
    unbound: count,
    accounts: count.openapi({ description: 'bot accounts counted (configured, and any an official is bound to)' }),
    messages: z
      .object({ notices: count, replies: count, reminders: count, robot: count, private: count, total: count })
      .openapi({ description: 'messages the session will send; replies and reminders are estimates (see assumptions)' }),
    perAccount: z.array(
      z.object({
        account: z.string(),
        people: count,
        queuedAhead: count,
        fanoutMs: ms,
        sendsOnDay: count,
        capLeft: count,
        bulkSendsOnDay: count.openapi({ description: "the day's sends counted when this session's last notice or reminder goes" }),
        bulkCapLeft: count.openapi({
          description: 'what the outbox may still send that day (notices and reminders stop short of the reply reserve)',
        }),
        fitsCap: z.boolean(),
      }),
    ),
    longestFanoutMs: ms.openapi({ description: 'until the last notice has gone, on the slowest account' }),
    capLeft: count.openapi({ description: "the day's cap left on all accounts, before this session" }),
    fitsInTime: z.boolean().nullable().openapi({ description: 'every notice out before the deadline; null when there is none to check' }),
    fitsCap: z.boolean(),
    accountsNeeded: count.nullable().openapi({ description: 'the fewest accounts that fit, people spread evenly; null: none can' }),
    pacing: z.object({
      meanIntervalMs: ms,
      dailyCap: count,
      bulkDailyCap: count.openapi({
        description: 'notices and reminders stop at this many sends of the day (the rest is kept for replies)',
      }),
    }),
    assumptions: z.object({
      noticeParts: z.number(),
      chatAnswerShare: z.number(),
      repliesPerChatAnswer: z.number(),
      unfinishedShareAtReminder: z.number(),
    }),
  })
  .openapi('SessionCapacity')

export const WarningsSchema = z
  .array(
    z.object({
      code: z.enum(['capacity.late', 'capacity.cap']),
      message: z.string(),
    }),
  )
  .openapi('Warnings', { description: 'what may go wrong with the session as planned; it is saved all the same' })

export function capacityJson(r: CapacityReport): z.infer<typeof CapacitySchema> {
  return {
    date: r.date,
    noticeAt: r.session?.noticeAt ?? null,
    deadline: r.session?.deadline ?? null,
    officials: r.officials,
    bound: r.bound,
    unbound: r.unbound,
    accounts: r.accounts,
    messages: r.messages,
    perAccount: r.perAccount,
    longestFanoutMs: r.longestFanoutMs,
    capLeft: r.capLeft,
    fitsInTime: r.fitsInTime,
    fitsCap: r.fitsCap,
    accountsNeeded: r.accountsNeeded,
    pacing: r.pacing,
    assumptions: r.assumptions,
  }
}

const minutes = (ms: number) => Math.ceil(ms / 60_000)

export function warningsJson(r: CapacityReport): z.infer<typeof WarningsSchema> {
  const need = r.accountsNeeded === null ? 'no number of accounts can' : `${r.accountsNeeded} accounts would (people spread evenly)`
  return r.warnings.map((w) =>
    w === 'late'
      ? {
          code: 'capacity.late' as const,
          message: `the notices cannot all go out before the ${r.session?.deadline.kind === 'quiz' ? 'quiz deadline' : 'start'}: about ${minutes(r.longestFanoutMs)} min of sending on ${r.accounts} account(s); ${need}`,
        }
      : {
          code: 'capacity.cap' as const,
          message: `the day's cap of an account is not enough for this session's sends on ${r.date}; ${need}`,
        },
  )
}
