import { expect, it } from 'vitest'
import { selectWhereIn } from '../../src/imports/bulk.repo.js'
import type { Executor } from '../../src/storage/db.js'

// A past session held on import has its whole audience marked absent, so one key of the attendance import's lookup
// can match hundreds of thousands of rows: spreading them into push() overflowed the stack at the full benchmark's
// size (10,000 officials × 50 sessions). The executor stands in for a result of that size.
it('takes every row matched by a key, however many', async () => {
  const many = Array.from({ length: 2_000_000 }, (_, i) => ({ i }))
  const ex = { execute: async () => ({ rows: many }) } as unknown as Executor
  const rows = await selectWhereIn(ex, 'attendance', ['session_id'], 'session_id', ['S1'])
  expect(rows).toHaveLength(2_000_000)
})
