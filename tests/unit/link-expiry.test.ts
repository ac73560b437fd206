/** When a personal link expires: one rule per purpose, whoever issues the link (notice, reminder, a link sent again). */
import { describe, expect, it } from 'vitest'
import { EXAM_LINK_DAYS, examLinkExpiry } from '../../src/exams/exam-link.js'

describe('examLinkExpiry', () => {
  const exam = { opensAt: '2024-11-04T01:00:00.000Z' }
  const day = 24 * 3600_000

  it("gives a 任前 exam's link EXAM_LINK_DAYS from its opening, or from now when later", () => {
    expect(examLinkExpiry(exam, new Date('2024-11-01T00:00:00Z')).getTime()).toBe(Date.parse(exam.opensAt) + EXAM_LINK_DAYS * day)
    const later = new Date('2024-11-20T00:00:00Z')
    expect(examLinkExpiry(exam, later).getTime()).toBe(later.getTime() + EXAM_LINK_DAYS * day)
  })

  it("gives a 年度学法考试's link its window's close, even when that is beyond EXAM_LINK_DAYS", () => {
    const closesAt = '2025-01-31T10:00:00.000Z'
    expect(examLinkExpiry(exam, new Date('2024-11-20T00:00:00Z'), closesAt).toISOString()).toBe(closesAt)
  })
})
