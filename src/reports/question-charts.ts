import { renderSvg } from './charts.js'
import { QUESTION_STATS } from './copy.zh.js'
import { percentOf } from './question-stats.service.js'
import type { LawStat } from './question-stats.rules.js'

const MAX_LAWS = 12
const MAX_LABEL = 14

/** 《中华人民共和国行政复议法》 reads as 行政复议法 on an axis; long titles are cut with an ellipsis. */
function axisLabel(title: string): string {
  const short = title.replace(/^中华人民共和国/, '')
  return short.length > MAX_LABEL ? `${short.slice(0, MAX_LABEL - 1)}…` : short
}

/**
 * Accuracy per law, the most answered laws (at most twelve), as horizontal bars in percent. ECharts writes
 * every label as SVG text, escaped (the dashboard test feeds it a hostile title).
 */
export function renderLawAccuracyChart(laws: readonly LawStat[]): string {
  const shown = laws.slice(0, MAX_LAWS).reverse()
  return renderSvg({
    title: { text: QUESTION_STATS.lawChartTitle, left: 'center' },
    grid: { left: 16, right: 48, top: 48, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: shown.map((l) => axisLabel(l.lawTitle)), axisLabel: { interval: 0 } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 28,
        data: shown.map((l) => percentOf(l.accuracy)),
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  })
}
