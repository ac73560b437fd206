/** Time and cron text from files, the API and settings: a Date, null or a CronError — never NaN, a throw or a hang. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatLocal, parseDateTime } from '../../src/calendar.js'
import { CronError, nextFireAfter, parseCron } from '../../src/schedules/cron.rules.js'

const FULL = process.env.XUEFA_RELIABILITY_FULL === '1'
const runs = (n: number) => ({ numRuns: FULL ? n * 10 : n })
const TZS = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Australia/Lord_Howe']
const piece = fc.constantFrom(
  '2024',
  '-',
  '/',
  '.',
  ' ',
  'T',
  ':',
  'Z',
  '+08:00',
  '-0530',
  '02',
  '29',
  '30',
  '31',
  '13',
  '00',
  '24',
  '60',
  '9999',
  '0000',
  '１',
  '\u0000',
  '年',
  '.123456789',
  '+99:99',
)
const timeLike = fc.oneof(
  fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
)

describe('parseDateTime', () => {
  it('answers null or a real instant for any text', () => {
    fc.assert(
      fc.property(timeLike, fc.constantFrom(...TZS), (s, tz) => {
        const d = parseDateTime(s, tz)
        if (d !== null) expect(Number.isNaN(d.getTime())).toBe(false)
      }),
      runs(5000),
    )
  })

  it('reads back every local minute it writes, across midnight, year end and leap days', () => {
    const minute = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:00Z'), noInvalidDate: true })
      .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000))
    fc.assert(
      fc.property(minute, fc.constantFrom('Asia/Shanghai', 'UTC'), (d, tz) => {
        expect(parseDateTime(formatLocal(d, tz), tz)?.toISOString()).toBe(d.toISOString())
      }),
      runs(2000),
    )
  })
})

describe('parseCron', () => {
  const field = fc.constantFrom(
    '*',
    '*/5',
    '0',
    '59',
    '60',
    '1-5',
    '5-1',
    '1,2,3',
    'MON-FRI',
    'jan',
    'L',
    '?',
    '*/0',
    '-1',
    '',
    '0-59/7',
    '7',
    '31',
    '2',
    'sun',
    '99999999999999999999',
  )
  const expression = fc.oneof(
    fc.array(field, { minLength: 4, maxLength: 7 }).map((f) => f.join(' ')),
    fc.string({ unit: 'binary', maxLength: 40 }),
  )

  it('parses or says why, and the next fire time is later or none — without hanging', () => {
    fc.assert(
      fc.property(expression, fc.boolean(), (expr, skipHolidays) => {
        let spec: ReturnType<typeof parseCron>
        try {
          spec = parseCron(expr)
        } catch (e) {
          expect(e).toBeInstanceOf(CronError)
          return
        }
        const after = new Date('2024-02-28T15:59:59Z')
        const next = nextFireAfter(spec, after, 'Asia/Shanghai', { skipHolidays }, 400)
        if (next) expect(next.getTime()).toBeGreaterThan(after.getTime())
      }),
      runs(400),
    )
  })

  it('finds no 30 February in five years, and stops looking', () => {
    expect(nextFireAfter(parseCron('0 9 30 2 *'), new Date('2024-01-01T00:00:00Z'), 'Asia/Shanghai')).toBeNull()
  })
})
