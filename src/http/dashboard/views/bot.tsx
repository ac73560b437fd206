import type { BotState } from '../../../delivery/bot-state.js'
import type { AppState } from '../../../delivery/apps.repo.js'
import { BOT } from './copy.zh.js'
import { Layout, type PageUser } from './layout.js'

export interface BotView {
  /** the bot account, shown when several run */
  account?: string
  state: BotState
  /** the QR code's modules, row by row (true = dark), when a scan is awaited */
  qr: boolean[][] | null
  /** waiting for a scan, but this viewer may not see the QR (a unit's token) */
  qrWithheld?: boolean
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

function AccountBlock(props: { bot: BotView; titled: boolean }) {
  const b = props.bot
  const name = b.account ?? 'default'
  return (
    <>
      {props.titled ? <h2>{BOT.account(name)}</h2> : null}
      <dl class="facts">
        <dt>{BOT.state}</dt>
        <dd>{BOT.states[b.state]}</dd>
      </dl>
      {b.qr ? (
        <>
          <p>{props.titled ? BOT.accountScanHint(name) : BOT.scanHint}</p>
          <QrSvg modules={b.qr} />
        </>
      ) : b.qrWithheld ? (
        <p>{BOT.qrWithheld}</p>
      ) : null}
    </>
  )
}

/** The WeCom / DingTalk applications (chat_apps) and how they do: shown when there is one. */
function AppsBlock(props: { apps: AppState[] }) {
  if (props.apps.length === 0) return null
  return (
    <>
      <h2>{BOT.apps}</h2>
      <p>{BOT.appsIntro}</p>
      <table>
        <thead>
          <tr>
            {BOT.appColumns.map((h) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.apps.map((a) => (
            <tr>
              <td>{BOT.appPlatforms[a.platform]}</td>
              <td>{a.account}</td>
              <td>{a.enabled ? BOT.appOn : BOT.appOff}</td>
              <td>{`/webhooks/${a.platform}/${a.account}`}</td>
              <td>{a.bound}</td>
              <td>{a.pending}</td>
              <td>{a.failed}</td>
              <td>{a.lastError ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** One account: its state and QR, as ever; several: one block per account, each with its own QR while it waits. */
export function BotPage(props: { user: PageUser; bots: BotView[]; apps?: AppState[] }) {
  const several = props.bots.length > 1
  return (
    <Layout title={BOT.title} user={props.user} active="bot">
      {props.bots.length === 0 ? (
        <>
          <p>{BOT.notWired}</p>
          <p>{BOT.enableIntro}</p>
          <ol>
            {BOT.enableSteps.map((step) => (
              <li>{step}</li>
            ))}
          </ol>
          <p>{BOT.enableMore}</p>
        </>
      ) : (
        <>
          {props.bots.map((b) => (
            <AccountBlock bot={b} titled={several} />
          ))}
          <p>
            <a href="/ui/bot">{BOT.refresh}</a>
          </p>
        </>
      )}
      <AppsBlock apps={props.apps ?? []} />
    </Layout>
  )
}
