import { z } from 'zod'

/** A session's quiz as the API, the chat and imports describe it (CONTRACT §3 `quiz`, plus additions). */
export const quizSpecSchema = z
  .object({
    questionIds: z.array(z.string().trim().min(1).max(64)).min(1).max(100).optional(),
    draw: z
      .object({
        count: z.number().int().min(1).max(100),
        laws: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
        /** addition: fixes the draw; the session id when absent */
        seed: z.string().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
    passScore: z.number().min(0).max(100).optional(),
    /** minutes after the session starts; one day when absent */
    deadlineMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .optional(),
    /** addition: whether a finished quiz may be done again and which attempt counts */
    retakes: z.enum(['none', 'best', 'last']).optional(),
    /** addition: a multiple-choice answer with some correct options missing and none wrong earns half */
    partialCredit: z.boolean().optional(),
    /** addition: each person also gets the questions in their own order */
    shuffleQuestions: z.boolean().optional(),
  })
  .strict()
  .refine((s) => (s.questionIds === undefined) !== (s.draw === undefined), {
    message: 'give either questionIds or draw',
    path: ['questionIds'],
  })

export type QuizSpec = z.infer<typeof quizSpecSchema>

export const DEFAULT_PASS_SCORE = 60
export const DEFAULT_DEADLINE_MINUTES = 24 * 60
