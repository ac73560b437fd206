import { CAPACITY } from '../../../sessions/capacity.copy.zh.js'

/** The capacity of a session as the page shows it: the figures, already in words, and the warnings. */
export interface CapacityPanelData {
  officials: number
  /** in words, with those not bound */
  bound: string
  accounts: number
  messages: string
  fanout: string
  capLeft: string
  warnings: string[]
  basis: string
}

/** "发送容量": what the session's messages cost the bot accounts, and a plain warning when the notices cannot all go out in time. */
export function CapacityPanel(props: { c: CapacityPanelData }) {
  const c = props.c
  const items: [string, string][] = [
    [CAPACITY.officials, String(c.officials)],
    [CAPACITY.bound, c.bound],
    [CAPACITY.accounts, String(c.accounts)],
    [CAPACITY.messages, c.messages],
    [CAPACITY.fanout, c.fanout],
    [CAPACITY.capLeft, c.capLeft],
  ]
  return (
    <section class="capacity" aria-labelledby="capacity">
      <h2 id="capacity">{CAPACITY.title}</h2>
      {c.warnings.map((w) => (
        <p class="notice" role="alert">
          {w}
        </p>
      ))}
      <dl class="capacity-facts">
        {items.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </>
        ))}
      </dl>
      <p class="muted">{c.basis}</p>
    </section>
  )
}
