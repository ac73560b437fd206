import type { BotState } from '../../../delivery/bot-state.js'
import { BOT } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'

export interface BotView {
  state: BotState
  /** the QR code's modules, row by row (true = dark), when a scan is awaited */
  qr: boolean[][] | null
}

/** The QR code drawn as one SVG path: no image file, no script, nothing from outside. */
function QrSvg(props: { modules: boolean[][] }) {
  const n = props.modules.length
  const quiet = 4
  let d = ''
  for (const [y, row] of props.modules.entries()) {
    for (const [x, dark] of row.entries()) if (dark) d += `M${x + quiet} ${y + quiet}h1v1h-1z`
  }
  const size = n + quiet * 2
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${size} ${size}`}
      width="264"
      height="264"
      role="img"
      aria-label={BOT.qrLabel}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  )
}

export function BotPage(props: { user: PageUser; bot: BotView | null }) {
  const b = props.bot
  return (
    <Layout title={BOT.title} user={props.user} active="bot">
      {!b ? (
        <p>{BOT.notWired}</p>
      ) : (
        <>
          <dl class="facts">
            <dt>{BOT.state}</dt>
            <dd>{BOT.states[b.state]}</dd>
          </dl>
          {b.qr ? (
            <>
              <p>{BOT.scanHint}</p>
              <QrSvg modules={b.qr} />
            </>
          ) : null}
          <p>
            <a href="/ui/bot">{BOT.refresh}</a>
          </p>
        </>
      )}
    </Layout>
  )
}
