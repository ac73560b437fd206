import type * as Echarts from 'echarts'
import type * as ResvgModule from '@resvg/resvg-js'
import { lazyRequire } from '../lazy.js'
import { CHART, KIND_LABELS } from './copy.zh.js'
import { SESSION_KINDS, type AnnualReport } from './report.types.js'

const echarts = lazyRequire<typeof Echarts>('echarts')
const resvg = lazyRequire<typeof ResvgModule>('@resvg/resvg-js')

export const CHART_WIDTH = 720
export const CHART_HEIGHT = 360

/** Text sizes in pixels: the screen's (ECharts' own) and the printed document's, which shows the chart at ~80%. */
export interface ChartText {
  title: number
  label: number
}
const SCREEN: ChartText = { title: 18, label: 12 }
export const PRINT: ChartText = { title: 22, label: 16 }

/** Server-side rendering: no DOM, no animation, one chart instance per call, disposed at once. */
export function renderSvg(option: Echarts.EChartsCoreOption): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

const asPercent = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10)

interface ChartSeries {
  name: string
  type: 'bar' | 'line'
  data: (number | null)[]
}

/** The monthly series that have something to draw: a series with no figure in any month is left out. */
function monthlySeries(r: AnnualReport): ChartSeries[] {
  const series: ChartSeries[] = [
    { name: CHART.attendanceRate, type: 'bar', data: r.monthly.map((m) => asPercent(m.attendanceRate)) },
    { name: CHART.completionRate, type: 'line', data: r.monthly.map((m) => asPercent(m.completionRate)) },
  ]
  return series.filter((s) => s.data.some((v) => v !== null))
}

const monthlyTitle = (series: ChartSeries[]): string => CHART.monthlyTitle(series.map((s) => s.name))

const heldKinds = (r: AnnualReport) => SESSION_KINDS.filter((k) => r.sessions.byKind[k] > 0)

/** Attendance rate and quiz completion rate per local month, in percent. */
function renderMonthlyChart(r: AnnualReport, text: ChartText = SCREEN): string {
  const series = monthlySeries(r)
  return renderSvg({
    title: { text: monthlyTitle(series), left: 'center', textStyle: { fontSize: text.title } },
    legend: { bottom: 0, data: series.map((s) => s.name), textStyle: { fontSize: text.label } },
    grid: { left: 48 + text.label, right: 24, top: 48 + text.title - SCREEN.title, bottom: 44 + text.label },
    xAxis: { type: 'category', data: r.monthly.map((m) => CHART.month(m.month)), axisLabel: { fontSize: text.label } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', fontSize: text.label } },
    series: series.map((s) => (s.type === 'line' ? { ...s, connectNulls: false } : s)),
  })
}

/** Held sessions by kind; kinds with none are left out, as in the narrative. */
function renderKindsChart(r: AnnualReport, text: ChartText = SCREEN): string {
  const kinds = heldKinds(r)
  return renderSvg({
    title: { text: CHART.byKindTitle, left: 'center', textStyle: { fontSize: text.title } },
    grid: { left: 36 + text.label, right: 24, top: 36 + text.title + text.label, bottom: 36 + text.label },
    xAxis: { type: 'category', data: kinds.map((k) => KIND_LABELS[k]), axisLabel: { interval: 0, fontSize: text.label } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: text.label } },
    series: [{ type: 'bar', data: kinds.map((k) => r.sessions.byKind[k]), label: { show: true, position: 'top', fontSize: text.label } }],
  })
}

/** The charts that have data to draw (a chart whose every series is empty is left out), with their titles. */
export function reportChartSvgs(r: AnnualReport, text: ChartText = SCREEN): { title: string; svg: string }[] {
  const charts: { title: string; svg: string }[] = []
  const monthly = monthlySeries(r)
  if (monthly.length > 0) charts.push({ title: monthlyTitle(monthly), svg: renderMonthlyChart(r, text) })
  if (heldKinds(r).length > 0) charts.push({ title: CHART.byKindTitle, svg: renderKindsChart(r, text) })
  return charts
}

/**
 * PNG for readers that cannot show SVG (older Word / WPS). Uses the machine's fonts: Chinese labels need
 * a CJK font installed (fonts-noto-cjk or similar), otherwise only the bars and numbers come out right.
 */
export function svgToPng(svg: string): Buffer {
  const image = new (resvg().Resvg)(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH * 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
    background: '#ffffff',
  })
  return Buffer.from(image.render().asPng())
}
