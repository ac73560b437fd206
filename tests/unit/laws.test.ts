import { describe, expect, it } from 'vitest'
import { normalizeLawTitle, normalizeLaws } from '../../src/laws.js'

describe('normalizeLawTitle: one law, one title', () => {
  it.each([
    ['行政复议法', '中华人民共和国行政复议法'],
    ['《行政复议法》', '中华人民共和国行政复议法'],
    ['《中华人民共和国行政复议法》', '中华人民共和国行政复议法'],
    ['中华人民共和国行政复议法', '中华人民共和国行政复议法'],
    [' 《 行政复议法 》 ', '中华人民共和国行政复议法'],
    ['〈行政处罚法〉', '中华人民共和国行政处罚法'],
    ['复议法', '中华人民共和国行政复议法'],
    ['宪法', '中华人民共和国宪法'],
    ['《民法典》', '中华人民共和国民法典'],
    ['政府信息公开条例', '中华人民共和国政府信息公开条例'],
    ['安全生产法', '中华人民共和国安全生产法'],
    ['重大行政决策程序暂行条例', '重大行政决策程序暂行条例'],
    ['《优化营商环境条例》', '优化营商环境条例'],
    // not known: kept as written, without the enclosing 《》 only
    ['天津市文明行为促进条例', '天津市文明行为促进条例'],
    ['关于修改《中华人民共和国行政处罚法》的决定', '关于修改《中华人民共和国行政处罚法》的决定'],
    ['《', ''],
  ])('%s → %s', (written, canonical) => {
    expect(normalizeLawTitle(written)).toBe(canonical)
  })

  it('keeps each law once, in the order first named, and drops blanks', () => {
    expect(normalizeLaws(['《行政复议法》', '', '中华人民共和国行政处罚法', '中华人民共和国行政复议法', '处罚法'])).toEqual([
      '中华人民共和国行政复议法',
      '中华人民共和国行政处罚法',
    ])
  })
})
