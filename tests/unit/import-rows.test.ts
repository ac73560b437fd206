import { describe, expect, it } from 'vitest'
import {
  ATTENDANCE_STATUS_WORDS,
  EXAM_KIND_WORDS,
  EXAM_OUTCOME_WORDS,
  QUESTION_TYPE_WORDS,
  SESSION_KIND_WORDS,
  SESSION_STATUS_WORDS,
  lookupEnum,
  parseBoolean,
  parseChoiceLetters,
  parseInstant,
  parseJudgeAnswer,
  parseLaws,
  parseLocalDay,
} from '../../src/imports/values.js'
import { splitList } from '../../src/sessions/session.rules.js'
import fc from 'fast-check'
import { z } from 'zod'
import { createRowParser, fieldOf, rowSchema } from '../../src/imports/rows.js'
import { COLUMNS, matchHeader } from '../../src/imports/headers.js'
import { IMPORT_KINDS } from '../../src/imports/import.types.js'

const TZ = 'Asia/Shanghai'

describe('booleans', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    ['0', false],
    [' 是 ', true],
    ['maybe', null],
    ['2', null],
    ['', null],
  ])('%j → %j', (text, expected) => expect(parseBoolean(text)).toBe(expected))
})

describe('times', () => {
  it.each([
    ['2024-03-05 09:00', '2024-03-05T01:00:00.000Z'],
    ['2024-03-05 9:30', '2024-03-05T01:30:00.000Z'],
    ['2024-01-01 00:00', '2023-12-31T16:00:00.000Z'],
    ['2024-03-05T09:00:00+08:00', '2024-03-05T01:00:00.000Z'],
    ['2024-03-05T09:00:00Z', '2024-03-05T09:00:00.000Z'],
    ['2024-03-05', '2024-03-04T16:00:00.000Z'],
    ['2024-02-30 09:00', null],
    ['2024-03-05 25:00', null],
    ['下周一', null],
    ['05/03/2024 09:00', null],
  ])('%j → %j', (text, expected) => expect(parseInstant(text, TZ)).toBe(expected))

  it('a joining day is the instant of its local midnight, whatever the time written', () => {
    expect(parseLocalDay('2020-03-01', TZ)).toBe('2020-02-29T16:00:00.000Z')
    expect(parseLocalDay('2020-03-01 18:30', TZ)).toBe('2020-02-29T16:00:00.000Z')
    expect(parseLocalDay('2020-03-01T23:30:00Z', TZ)).toBe('2020-03-01T16:00:00.000Z') // already 2 March in Shanghai
    expect(parseLocalDay('2020-3-32', TZ)).toBeNull()
  })
})

describe('lists', () => {
  it.each([
    ['a;b；c、d', ['a', 'b', 'c', 'd']],
    [' a ; ;b ', ['a', 'b']],
    ['', []],
    ['只有一项', ['只有一项']],
  ])('%j → %j', (text, expected) => expect(splitList(text)).toEqual(expected))

  it('laws lose their 《》, repeats and blanks, and keep their order', () => {
    expect(parseLaws('《中华人民共和国行政复议法》；中华人民共和国行政处罚法、中华人民共和国行政复议法;')).toEqual([
      '中华人民共和国行政复议法',
      '中华人民共和国行政处罚法',
    ])
    expect(parseLaws('关于修改《中华人民共和国行政处罚法》的决定')).toEqual(['关于修改《中华人民共和国行政处罚法》的决定'])
  })
})

describe('enums in both languages', () => {
  it.each([
    [SESSION_KIND_WORDS, '会前学法', 'pre_meeting'],
    [SESSION_KIND_WORDS, 'pre_meeting', 'pre_meeting'],
    [SESSION_KIND_WORDS, '法治专题讲座', 'lecture'],
    [SESSION_KIND_WORDS, '旁听庭审', 'court_hearing'],
    [SESSION_KIND_WORDS, '全员法治培训', 'all_staff_training'],
    [SESSION_KIND_WORDS, '执法人员培训', 'enforcement_training'],
    [SESSION_KIND_WORDS, '任职培训', 'appointment_training'],
    [SESSION_KIND_WORDS, '其他', 'other'],
    [SESSION_KIND_WORDS, 'Lecture', 'lecture'],
    [SESSION_KIND_WORDS, '开会', null],
    [SESSION_STATUS_WORDS, '已举办', 'held'],
    [SESSION_STATUS_WORDS, '计划', 'planned'],
    [SESSION_STATUS_WORDS, 'cancelled', 'cancelled'],
    [ATTENDANCE_STATUS_WORDS, '出席', 'present'],
    [ATTENDANCE_STATUS_WORDS, '迟到', 'late'],
    [ATTENDANCE_STATUS_WORDS, '请假', 'excused'],
    [ATTENDANCE_STATUS_WORDS, '缺席', 'absent'],
    [ATTENDANCE_STATUS_WORDS, '补学', 'makeup'],
    [ATTENDANCE_STATUS_WORDS, 'late', 'late'],
    [QUESTION_TYPE_WORDS, '单选', 'single'],
    [QUESTION_TYPE_WORDS, '多选题', 'multiple'],
    [QUESTION_TYPE_WORDS, '判断', 'judge'],
    [QUESTION_TYPE_WORDS, 'short', 'short'],
    [EXAM_KIND_WORDS, '任前考试', 'appointment'],
    [EXAM_KIND_WORDS, '执法资格考试', 'enforcement_cert'],
    [EXAM_KIND_WORDS, '年度学法考试', 'annual'],
    [EXAM_KIND_WORDS, 'enforcement_cert', 'enforcement_cert'],
    [EXAM_OUTCOME_WORDS, '暂缓任用', 'deferred'],
    [EXAM_OUTCOME_WORDS, '撤回提名', 'withdrawn'],
    [EXAM_OUTCOME_WORDS, '通过', 'passed'],
  ] as const)('%#: %s', (table, text, expected) => expect(lookupEnum(table, text)).toBe(expected))
})

describe('answers', () => {
  it.each([
    ['对', 'T'],
    ['错', 'F'],
    ['√', 'T'],
    ['×', 'F'],
    ['true', 'T'],
    ['False', 'F'],
    ['T', 'T'],
    ['A', null],
  ])('judge %j → %j', (text, expected) => expect(parseJudgeAnswer(text)).toBe(expected))
  it.each([
    ['A', 'A'],
    ['acd', 'ACD'],
    ['D,C、A', 'ACD'],
    ['BB', 'B'],
    ['G', null],
    ['A1', null],
    ['', null],
  ])('choice %j → %j', (text, expected) => expect(parseChoiceLetters(text)).toBe(expected))
})

describe('row parsers', () => {
  const opts = { tz: TZ, passScore: 60 }

  it('officials: flags default to 否 when empty and stay undefined when their column is absent', () => {
    const parse = createRowParser('officials', opts)
    expect(parse({ id: 'A1', name: ' 张三 ', unit_code: 'SFJ', is_leader: '', joined_at: '2020-03-01' })).toEqual({
      ok: true,
      value: { id: 'A1', name: '张三', unitCode: 'SFJ', isLeader: false, joinedAt: '2020-02-29T16:00:00.000Z' },
    })
  })

  it('officials: every bad cell of a row is named', () => {
    const parse = createRowParser('officials', opts)
    const out = parse({ id: 'A/1', name: '', unit_code: 'SFJ', is_leader: '也许', joined_at: '2020-13-01' })
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.problems.map((p) => p.key)).toEqual(['id', 'name', 'is_leader', 'joined_at'])
    expect(out.problems.find((p) => p.key === 'name')?.message).toBe('不能为空')
  })

  it('sessions: the time message is the one organizers see', () => {
    const parse = createRowParser('sessions', opts)
    const out = parse({ id: 'S1', kind: '会前学法', title: '学法', starts_at: '3月5日', unit_code: 'PL' })
    expect(out).toEqual({ ok: false, problems: [{ key: 'starts_at', message: '时间格式应为 YYYY-MM-DD HH:mm，或带时区的 ISO 8601' }] })
  })

  it.each([
    [
      { type: '单选', option_a: '甲', option_b: '乙', answer: 'b' },
      { answer: 'B', options: ['甲', '乙'] },
    ],
    [
      { type: '多选', option_a: '甲', option_b: '乙', option_c: '丙', answer: 'C、A' },
      { answer: 'AC', options: ['甲', '乙', '丙'] },
    ],
    [
      { type: '判断', answer: '×' },
      { answer: 'F', options: [] },
    ],
    [
      { type: '简答', answer: '依法行政' },
      { answer: '依法行政', options: [] },
    ],
  ])('questions %#: answers are normalised', (cells, expected) => {
    const out = createRowParser('questions', opts)({ id: 'Q1', stem: '题干', law: '《行政复议法》', ...cells })
    expect(out.ok && { answer: out.value.answer, options: out.value.options, law: out.value.lawTitle }).toEqual({
      ...expected,
      law: '中华人民共和国行政复议法',
    })
  })

  it.each([
    [{ type: '单选', option_a: '甲', option_b: '乙', answer: 'AB' }, 'answer', '单选题答案只能是一个字母'],
    [{ type: '单选', option_a: '甲', option_b: '乙', answer: 'C' }, 'answer', '答案中的 C 没有对应的选项'],
    [{ type: '多选', option_a: '甲', option_c: '丙', answer: 'A' }, 'option_b', '选项B为空，但后面的选项有内容；选项应从A起连续填写'],
    [{ type: '判断', answer: 'A' }, 'answer', '判断题答案应为 对 或 错（也可填 √/×、true/false）'],
    [{ type: '填空', answer: 'A' }, 'type', '应为 单选、多选、判断、简答 之一'],
  ])('questions %#: a wrong answer is named', (cells, key, message) => {
    const out = createRowParser('questions', opts)({ id: 'Q1', stem: '题干', law: '行政复议法', ...cells })
    expect(out.ok ? [] : out.problems).toContainEqual({ key, message })
  })

  it('exam results: passed follows the pass score when absent; outcome only for 任前考试', () => {
    const parse = createRowParser('exam-results', opts)
    const base = { exam: '任前考试', official_id: 'A1', taken_at: '2024-03-05 09:00' }
    const at60 = parse({ ...base, score: '60' })
    const at59 = parse({ ...base, score: '59.5', attempt: '2', outcome: '暂缓任用' })
    expect(at60.ok && [at60.value.passed, at60.value.attempt]).toEqual([true, 1])
    expect(at59.ok && [at59.value.passed, at59.value.attempt, at59.value.outcome]).toEqual([false, 2, 'deferred'])
    const overruled = parse({ ...base, score: '90', passed: '否' })
    expect(overruled.ok && overruled.value.passed).toBe(false)
    expect(parse({ ...base, exam: '执法资格考试', score: '90', outcome: '通过' })).toEqual({
      ok: false,
      problems: [{ key: 'outcome', message: '只有任前考试才填写结果（通过/暂缓任用/撤回提名）' }],
    })
    expect(parse({ ...base, score: '101' }).ok).toBe(false)
  })
})

describe('headers', () => {
  it('takes English or Chinese, ignores unknown columns, and names a missing required column in Chinese', () => {
    const map = matchHeader('officials', ['ID', '姓名', 'Unit Code', '序号'], 1)
    expect(Array.isArray(map) ? map : [...map.index.keys(), ...map.ignored]).toEqual(['id', 'name', 'unit_code', '序号'])
    expect(matchHeader('officials', ['编号', '姓名'], 1)).toEqual([
      { line: 1, column: '单位代码', message: '缺少必填列「单位代码」（或英文 unit_code）' },
    ])
    expect(matchHeader('units', ['code', '单位代码', 'name'], 1)).toEqual([
      { line: 1, column: '单位代码', message: '与「code」是同一列，只能出现一次' },
    ])
  })
})

describe('compiled row schemas', () => {
  const anyCell = fc.constantFrom(
    '',
    ' ',
    'P1',
    ' A-01 ',
    'a b',
    'a/b',
    '是',
    '否',
    'TRUE',
    'maybe',
    '2015-03-01',
    '2024-03-05 09:00',
    '2024-03-05T09:00:00+08:00',
    '2024-02-30',
    '出席',
    '请假',
    '会前学法',
    '已举办',
    '单选',
    '多选',
    '判断',
    '简答',
    'A',
    'ac',
    'X',
    '对',
    '60',
    '59.5',
    '101',
    '2',
    '《行政复议法》',
    '《》',
    '行政复议法、行政处罚法',
    '甲',
    '任前考试',
    '执法资格考试',
    '通过',
    'x'.repeat(201),
  )
  /** mostly good cells, so that rows pass as well as fail */
  const GOOD: Record<string, string[]> = {
    is_leader: ['是', '否', ''],
    is_principal: ['否'],
    is_enforcement: ['是'],
    passed: ['是', ''],
    joined_at: ['2015-03-01', ''],
    starts_at: ['2024-03-05 09:00'],
    taken_at: ['2024-03-05T09:00:00+08:00'],
    kind: ['会前学法'],
    status: ['已举办', '出席', ''],
    type: ['单选', '判断', '简答'],
    answer: ['A', '对'],
    option_a: ['甲'],
    option_b: ['乙', ''],
    law: ['《行政复议法》'],
    laws: ['行政复议法、行政处罚法'],
    exam: ['任前考试', '年度学法考试'],
    score: ['60', '59.5'],
    attempt: ['2', ''],
    outcome: ['通过', ''],
    hours: ['2', ''],
    platform: ['企业微信', 'dingtalk', '飞书'],
    user_id: ['zhangsan', ''],
    mobile: ['13800000000', '+86 138-0000-0000', ''],
    year: ['2024'],
    applies_to: ['领导班子成员', 'enforcement', ''],
  }
  const cellFor = (key: string) =>
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(GOOD[key] ?? ['P1', ' A-01 ', '张三'])) }, { weight: 1, arbitrary: anyCell })

  it.each(IMPORT_KINDS)('%s: the compiled parser answers as the zod interpreter does, row for row', (kind) => {
    const opts = { tz: TZ, passScore: 60 }
    const runtime = rowSchema(kind, opts)
    const compiled = z.compile(runtime)
    const answer = (r: ReturnType<typeof runtime.safeParse>) => (r.success ? { data: r.data } : { issues: r.error.issues })
    const row = fc.record(Object.fromEntries(COLUMNS[kind].map((c) => [fieldOf(c.key), cellFor(c.key)])), {
      requiredKeys: COLUMNS[kind].filter((c) => c.required).map((c) => fieldOf(c.key)),
    })
    let passed = 0
    fc.assert(
      fc.property(row, (input) => {
        const expected = answer(runtime.safeParse(input))
        if ('data' in expected) passed++
        expect(answer(compiled.safeParse(input))).toEqual(expected)
      }),
      { numRuns: 2_000 },
    )
    expect(passed).toBeGreaterThan(100)
  })
})
