import { describe, expect, it } from 'vitest'
import { parseScheduleText } from '../../src/chat/schedule-parse.js'

const TZ = 'Asia/Shanghai'
const now = new Date('2024-03-01T02:00:00.000Z') // 2024-03-01 10:00 local

describe('parseScheduleText', () => {
  it.each([
    ['2024-03-05 09:00 县政府常务会议', '2024-03-05T01:00:00.000Z'],
    ['2024/3/5 9:00 县政府常务会议', '2024-03-05T01:00:00.000Z'],
    ['3月5日 9:00 县政府常务会议', '2024-03-05T01:00:00.000Z'],
    ['3月5日9:00 县政府常务会议', '2024-03-05T01:00:00.000Z'],
    ['3月5日下午3点半 县政府常务会议', '2024-03-05T07:30:00.000Z'],
    ['3月5号上午9点 县政府常务会议', '2024-03-05T01:00:00.000Z'],
    ['2025年1月2日 9:00 县政府常务会议', '2025-01-02T01:00:00.000Z'],
    ['1月10日 9:00 县政府常务会议', '2025-01-10T01:00:00.000Z'], // early next year
  ])('%j starts at %s', (text, iso) => {
    const r = parseScheduleText(text, now, TZ)
    expect(r.ok && r.startsAt.toISOString()).toBe(iso)
  })

  it('reads the meeting, its number and the laws', () => {
    expect(parseScheduleText('3月5日 9:00 县政府常务会议 第12次 《中华人民共和国行政复议法》、《安全生产法》', now, TZ)).toEqual({
      ok: true,
      startsAt: new Date('2024-03-05T01:00:00.000Z'),
      body: '县政府常务会议',
      meetingNo: '第12次',
      laws: ['中华人民共和国行政复议法', '中华人民共和国安全生产法'],
    })
  })

  it.each([
    ['明天上午 县政府常务会议', '明天上午'],
    ['3月32日 9:00 县政府常务会议', '3月32日'],
    ['2024-02-30 09:00 会议', '2024-02-30'],
    ['13月1日 9:00 会议', '13月1日'],
    ['3月5日 25:00 会议', '3月5日'],
  ])('%j is not a time (%s)', (text, timeText) => {
    expect(parseScheduleText(text, now, TZ)).toEqual({ ok: false, reason: 'time', timeText })
  })

  it('empty text asks for the format', () => {
    expect(parseScheduleText('  ', now, TZ)).toEqual({ ok: false, reason: 'empty' })
  })
})
