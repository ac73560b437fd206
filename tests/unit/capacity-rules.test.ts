import { describe, expect, it } from 'vitest'
import {
  backlogAt,
  computeCapacity,
  DEFAULT_ASSUMPTIONS,
  pacingOf,
  reminderDay,
  type AccountInput,
  type CapacityInput,
} from '../../src/delivery/capacity.rules.js'
import { CHANNEL_LIMITS } from '../../src/delivery/pacing.js'

const MIN = 60_000
const pacing = pacingOf(CHANNEL_LIMITS.wechaty)
const acc = (account: string, people: number, usedOnDay = 0, queued = 0): AccountInput => ({ account, people, usedOnDay, queued })
/** `n` people spread evenly over `k` accounts */
const spread = (n: number, k: number) => Array.from({ length: k }, (_, j) => acc(`a${j + 1}`, Math.floor(n / k) + (j < n % k ? 1 : 0)))

const input = (o: Partial<CapacityInput>): CapacityInput => ({
  accounts: [acc('default', 0)],
  unbound: 0,
  robotGroups: 0,
  pacing,
  assumptions: DEFAULT_ASSUMPTIONS,
  reminder: 'other_day',
  msUntilNotice: 0,
  windowMs: null,
  ...o,
})

describe('pacingOf', () => {
  it('takes the mean of the jitter and the caps of the WeChat pacer (the outbox stops short of the reply reserve)', () => {
    expect(pacing).toEqual({ meanIntervalMs: 1500, dailyCap: 2000, bulkDailyCap: 1800 })
    expect(pacingOf({ minIntervalMs: 1000 })).toMatchObject({ bulkDailyCap: Number.MAX_SAFE_INTEGER })
  })
})

describe('computeCapacity', () => {
  it.each([
    // [case, input, expected subset]
    [
      'no bound people: nothing private, no fan-out, fits',
      input({ accounts: [acc('default', 0)], unbound: 12, windowMs: 10 * MIN }),
      {
        officials: 12,
        bound: 0,
        messages: { notices: 0, replies: 0, reminders: 0, robot: 0, private: 0, total: 0 },
        longestFanoutMs: 0,
        fitsInTime: true,
        fitsCap: true,
        accountsNeeded: 1,
        warnings: [],
      },
    ],
    [
      'no accounts at all: nothing can be sent in private',
      input({ accounts: [], unbound: 30, robotGroups: 2, windowMs: 60 * MIN }),
      {
        officials: 30,
        accounts: 0,
        messages: { notices: 0, replies: 0, reminders: 0, robot: 4, private: 0, total: 4 },
        capLeft: 0,
        longestFanoutMs: 0,
        fitsInTime: true,
        accountsNeeded: 1,
      },
    ],
    [
      '1,000 officials on 1 account: 25 minutes, half the cap in notices',
      input({ accounts: spread(1000, 1), windowMs: 24 * 60 * MIN }),
      {
        bound: 1000,
        messages: { notices: 1000, replies: 450, reminders: 300, robot: 0, private: 1750, total: 1750 },
        longestFanoutMs: 25 * MIN,
        capLeft: 2000,
        fitsInTime: true,
        fitsCap: true,
        accountsNeeded: 1,
        warnings: [],
      },
    ],
    [
      '1,000 officials on 4 accounts: a quarter of the time',
      input({ accounts: spread(1000, 4), windowMs: 10 * MIN }),
      { accounts: 4, longestFanoutMs: 6.25 * MIN, capLeft: 8000, fitsInTime: true, accountsNeeded: 3, warnings: [] },
    ],
    [
      '1,000 officials on 1 account, 10 minutes: late, 3 accounts would do',
      input({ accounts: spread(1000, 1), windowMs: 10 * MIN }),
      { fitsInTime: false, fitsCap: true, accountsNeeded: 3, warnings: ['late'] },
    ],
    [
      'the cap already spent: the notices do not fit the day',
      input({ accounts: [acc('default', 100, 2000)], windowMs: 60 * MIN }),
      { capLeft: 0, fitsCap: false, fitsInTime: true, accountsNeeded: 2, warnings: ['cap'] },
    ],
    [
      'notices past the bulk cap (1,800) do not fit the day, though the full cap (2,000) would take them',
      input({ accounts: [acc('default', 150, 1700)], assumptions: { ...DEFAULT_ASSUMPTIONS, chatAnswerShare: 0 }, windowMs: 60 * MIN }),
      {
        capLeft: 300,
        fitsCap: false,
        accountsNeeded: 2,
        warnings: ['cap'],
        perAccount: [expect.objectContaining({ sendsOnDay: 150, capLeft: 300, bulkSendsOnDay: 150, bulkCapLeft: 100 })],
      },
    ],
    [
      'replies may use the reserve: notices within the bulk cap, replies past it, the whole day within the full cap',
      input({ accounts: [acc('default', 100, 1700)], assumptions: { ...DEFAULT_ASSUMPTIONS, chatAnswerShare: 1 }, windowMs: 60 * MIN }),
      { capLeft: 300, fitsCap: true, accountsNeeded: 1, warnings: [] },
    ],
    [
      'a reminder on the same day goes after the replies: it counts them against the bulk cap',
      input({
        accounts: [acc('default', 100, 1600)],
        assumptions: { ...DEFAULT_ASSUMPTIONS, chatAnswerShare: 1 },
        reminder: 'same_day',
        windowMs: 60 * MIN,
      }),
      { capLeft: 400, fitsCap: false, accountsNeeded: 2, warnings: ['cap'] },
    ],
    [
      'a queue ahead on the account: it goes first',
      input({ accounts: [acc('default', 100, 500, 400)], windowMs: 60 * MIN }),
      { longestFanoutMs: 500 * 1500, perAccount: [expect.objectContaining({ queuedAhead: 400, sendsOnDay: 145, capLeft: 1500 })] },
    ],
    [
      'the queue drains before the notice is due',
      input({ accounts: [acc('default', 100, 500, 400)], msUntilNotice: 5 * MIN, windowMs: 60 * MIN }),
      { longestFanoutMs: 300 * 1500, perAccount: [expect.objectContaining({ queuedAhead: 200 })] },
    ],
    [
      'a robot group: one announcement, and one reminder when there is one',
      input({ accounts: [acc('default', 10)], unbound: 5, robotGroups: 1, reminder: 'same_day' }),
      {
        officials: 15,
        messages: { notices: 10, replies: 5, reminders: 3, robot: 2, private: 18, total: 20 },
        perAccount: [expect.objectContaining({ sendsOnDay: 18 })],
        fitsInTime: null,
      },
    ],
    [
      'no reminder planned: none counted',
      input({ accounts: [acc('default', 10)], robotGroups: 1, reminder: 'none' }),
      { messages: { notices: 10, replies: 5, reminders: 0, robot: 1, private: 15, total: 16 } },
    ],
    [
      'a long notice in two parts takes twice as long',
      input({ accounts: [acc('default', 100)], assumptions: { ...DEFAULT_ASSUMPTIONS, noticeParts: 2 } }),
      { longestFanoutMs: 200 * 1500, messages: expect.objectContaining({ notices: 200 }) },
    ],
    [
      'one question at a time: six replies a person answering in chat',
      input({ accounts: [acc('default', 100)], assumptions: { ...DEFAULT_ASSUMPTIONS, repliesPerChatAnswer: 6 } }),
      { messages: expect.objectContaining({ replies: 270 }) },
    ],
    [
      'the window is gone: no number of accounts fits',
      input({ accounts: [acc('default', 10)], windowMs: -MIN }),
      { fitsInTime: false, accountsNeeded: null, warnings: ['late'] },
    ],
    [
      'other sessions’ notices planned just before on the same account go first',
      input({
        accounts: [{ ...acc('default', 100), plannedAhead: [{ inMs: 10 * MIN, sends: 300 }] }],
        msUntilNotice: 10 * MIN,
        windowMs: 8 * MIN,
      }),
      { longestFanoutMs: 400 * 1500, fitsInTime: false, accountsNeeded: 2, warnings: ['late'] },
    ],
  ])('%s', (_case, i, expected) => {
    expect(computeCapacity(i)).toMatchObject(expected)
  })
})

describe('backlogAt', () => {
  it.each([
    // [case, queued now, added later, until, expected]
    ['nothing queued', 0, [], 10 * MIN, 0],
    ['the queue of now, at once', 400, [], 0, 400],
    ['the queue drains at the mean interval', 400, [], 5 * MIN, 200],
    ['drained before the time', 400, [], 20 * MIN, 0],
    ['another session’s 200 notices a minute before: 40 sent meanwhile', 0, [{ inMs: 9 * MIN, sends: 200 }], 10 * MIN, 160],
    ['overdue notices go at once', 0, [{ inMs: -MIN, sends: 100 }], 0, 100],
    [
      'two fan-outs pile up',
      0,
      [
        { inMs: 0, sends: 100 },
        { inMs: 60_000, sends: 100 },
      ],
      150_000,
      100,
    ],
    ['what comes after is not ahead', 0, [{ inMs: 11 * MIN, sends: 100 }], 10 * MIN, 0],
  ] as const)('%s', (_case, queued, added, until, expected) => {
    expect(backlogAt(queued, added, until, 1500)).toBe(expected)
  })
})

describe('reminderDay', () => {
  it.each([
    [null, '2025-03-04', 'none'],
    ['2025-03-04', '2025-03-04', 'same_day'],
    ['2025-03-05', '2025-03-04', 'other_day'],
  ] as const)('reminder on %s, day counted %s: %s', (reminder, day, expected) => {
    expect(reminderDay(reminder, day)).toBe(expected)
  })
})
