/**
 * The demo's county: a government, six departments under it and forty officials — the roster an organizer
 * would import from two spreadsheets. A fictional county with ordinary names; nothing here is a real person.
 */
import { csvRow, type CsvValue } from '../csv.js'

export interface DemoUnit {
  code: string
  name: string
  parent: string | null
}

export interface DemoOfficial {
  id: string
  name: string
  unitCode: string
  title: string
  isLeader: boolean
  isPrincipal: boolean
  isEnforcement: boolean
  joinedAt: string
}

export const COUNTY_CODE = 'HY'
export const COUNTY_NAME = '河阳县人民政府'

export const UNITS: readonly DemoUnit[] = [
  { code: 'HY', name: COUNTY_NAME, parent: null },
  { code: 'HYZF', name: '河阳县人民政府办公室', parent: 'HY' },
  { code: 'HYSF', name: '河阳县司法局', parent: 'HY' },
  { code: 'HYSJ', name: '河阳县市场监督管理局', parent: 'HY' },
  { code: 'HYZR', name: '河阳县自然资源局', parent: 'HY' },
  { code: 'HYZJ', name: '河阳县住房和城乡建设局', parent: 'HY' },
  { code: 'HYZH', name: '河阳县综合行政执法局', parent: 'HY' },
]

// flags: L = 领导班子成员, P = 主要负责人, E = 执法人员
const ROSTER: readonly [string, string, string, string, string][] = [
  ['HY001', '王建国', 'HY', '县长', 'LP'],
  ['HY002', '李文华', 'HY', '常务副县长', 'L'],
  ['HY003', '张海燕', 'HY', '副县长', 'L'],
  ['HY004', '陈志强', 'HY', '副县长', 'L'],
  ['ZF001', '刘明辉', 'HYZF', '主任', 'LP'],
  ['ZF002', '赵丽萍', 'HYZF', '副主任', 'L'],
  ['ZF003', '孙卫东', 'HYZF', '秘书科科长', ''],
  ['ZF004', '周晓琳', 'HYZF', '法制督查科科长', ''],
  ['ZF005', '吴浩然', 'HYZF', '科员', ''],
  ['ZF006', '郑雅婷', 'HYZF', '科员', ''],
  ['SF001', '黄立新', 'HYSF', '局长', 'LP'],
  ['SF002', '何静', 'HYSF', '副局长', 'L'],
  ['SF003', '马俊杰', 'HYSF', '行政复议与应诉股股长', ''],
  ['SF004', '罗晓燕', 'HYSF', '法治督察股股长', ''],
  ['SF005', '梁志远', 'HYSF', '科员', ''],
  ['SF006', '宋佳怡', 'HYSF', '科员', ''],
  ['SJ001', '谢国庆', 'HYSJ', '局长', 'LP'],
  ['SJ002', '韩冬梅', 'HYSJ', '副局长', 'L'],
  ['SJ003', '唐振华', 'HYSJ', '执法稽查大队大队长', 'E'],
  ['SJ004', '冯磊', 'HYSJ', '执法人员', 'E'],
  ['SJ005', '许晓峰', 'HYSJ', '执法人员', 'E'],
  ['SJ006', '邓雪梅', 'HYSJ', '科员', ''],
  ['ZR001', '曹永刚', 'HYZR', '局长', 'LP'],
  ['ZR002', '彭秀英', 'HYZR', '副局长', 'L'],
  ['ZR003', '曾凡荣', 'HYZR', '执法监察大队大队长', 'E'],
  ['ZR004', '田宇航', 'HYZR', '执法人员', 'E'],
  ['ZR005', '董文静', 'HYZR', '科员', ''],
  ['ZR006', '袁博', 'HYZR', '科员', ''],
  ['ZJ001', '潘建军', 'HYZJ', '局长', 'LP'],
  ['ZJ002', '蒋玉兰', 'HYZJ', '副局长', 'L'],
  ['ZJ003', '蔡明', 'HYZJ', '建筑市场监管股股长', ''],
  ['ZJ004', '余海涛', 'HYZJ', '执法人员', 'E'],
  ['ZJ005', '杜晓雯', 'HYZJ', '科员', ''],
  ['ZJ006', '叶子豪', 'HYZJ', '科员', ''],
  ['ZH001', '程德胜', 'HYZH', '局长', 'LP'],
  ['ZH002', '魏红梅', 'HYZH', '副局长', 'L'],
  ['ZH003', '苏志刚', 'HYZH', '执法大队大队长', 'E'],
  ['ZH004', '吕建华', 'HYZH', '执法人员', 'E'],
  ['ZH005', '丁晓东', 'HYZH', '执法人员', 'E'],
  ['ZH006', '沈慧敏', 'HYZH', '执法人员', 'E'],
]

export const OFFICIALS: readonly DemoOfficial[] = ROSTER.map(([id, name, unitCode, title, flags], i) => ({
  id,
  name,
  unitCode,
  title,
  isLeader: flags.includes('L'),
  isPrincipal: flags.includes('P'),
  isEnforcement: flags.includes('E'),
  // everyone was on the roster well before the years the demo records
  joinedAt: `${2008 + (i % 13)}-${String(1 + (i % 12)).padStart(2, '0')}-01`,
}))

export const LEADERS = OFFICIALS.filter((o) => o.isLeader)
export const ENFORCEMENT = OFFICIALS.filter((o) => o.isEnforcement)

/** The 任前 candidate: a deputy director proposed to lead another department. */
export const CANDIDATE = { officialId: 'SF002', proposedPost: '河阳县综合行政执法局局长' } as const

export function findDemoOfficial(id: string): DemoOfficial {
  const o = OFFICIALS.find((x) => x.id === id)
  if (!o) throw new Error(`no demo official ${id}`)
  return o
}

/** CSV text with a header row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[header, ...rows].map(csvRow).join('\n')}\n`
}

export function unitsCsv(): string {
  return toCsv(
    ['单位代码', '单位名称', '上级单位代码'],
    UNITS.map((u) => [u.code, u.name, u.parent]),
  )
}

export function officialsCsv(): string {
  const yn = (b: boolean) => (b ? '是' : '否')
  return toCsv(
    ['编号', '姓名', '单位代码', '职务', '是否领导班子成员', '是否主要负责人', '是否执法人员', '入职日期'],
    OFFICIALS.map((o) => [o.id, o.name, o.unitCode, o.title, yn(o.isLeader), yn(o.isPrincipal), yn(o.isEnforcement), o.joinedAt]),
  )
}
