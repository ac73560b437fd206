import type * as Echarts from 'echarts'
import type * as ResvgModule from '@resvg/resvg-js'
import { lazyRequire } from '../lazy.js'
import { CHART, KIND_LABELS } from './copy.zh.js'
import { SESSION_KINDS, type AnnualReport } from './report.types.js'

const echarts = lazyRequire<typeof Echarts>('echarts')
const resvg = lazyRequire<typeof ResvgModule>('@resvg/resvg-js')

export const CHART_WIDTH = 720
export const CHART_HEIGHT = 360

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

/** Attendance rate and quiz completion rate per local month, in percent. */
export function renderMonthlyChart(r: AnnualReport): string {
  return renderSvg({
    title: { text: CHART.monthlyTitle, left: 'center' },
    legend: { bottom: 0, data: [CHART.attendanceRate, CHART.completionRate] },
    grid: { left: 48, right: 24, top: 48, bottom: 56 },
    xAxis: { type: 'category', data: r.monthly.map((m) => CHART.month(m.month)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: CHART.attendanceRate, type: 'bar', data: r.monthly.map((m) => asPercent(m.attendanceRate)) },
      { name: CHART.completionRate, type: 'line', connectNulls: false, data: r.monthly.map((m) => asPercent(m.completionRate)) },
    ],
  })
}

/** Held sessions by kind; kinds with none are left out, as in the narrative. */
export function renderKindsChart(r: AnnualReport): string {
  const kinds = SESSION_KINDS.filter((k) => r.sessions.byKind[k] > 0)
  return renderSvg({
    title: { text: CHART.byKindTitle, left: 'center' },
    grid: { left: 48, right: 24, top: 48, bottom: 48 },
    xAxis: { type: 'category', data: kinds.map((k) => KIND_LABELS[k]), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: kinds.map((k) => r.sessions.byKind[k]), label: { show: true, position: 'top' } }],
  })
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
