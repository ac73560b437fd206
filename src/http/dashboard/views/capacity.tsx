import { CAPACITY } from '../../../sessions/capacity.copy.zh.js'
import { CAPACITY_PAGE } from './copy.zh.js'
import { UnitOptions, type UnitOption } from './filters.js'
import { Layout, type PageUser } from './layout.js'

export interface AccountRow {
  account: string
  people: number
  queuedAhead: number
  fanout: string
  sendsOnDay: number
  capLeft: number
}

/** The capacity of a session or a unit as the page shows it: the figures, already in words, and the warnings. */
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
  perAccount: AccountRow[]
  /** the page of the whole unit's capacity, from a session's */
  unitHref?: string
}

const num = (n: number) => n.toLocaleString('en-US')

function Accounts(props: { rows: AccountRow[] }) {
  const h = CAPACITY_PAGE.columns
  return (
    <div class="table-wrap">
      <table class="list accounts">
        <thead>
          <tr>
            <th scope="col">{h.account}</th>
            <th scope="col" class="num">
              {h.people}
            </th>
            <th scope="col" class="num">
              {CAPACITY.queuedAhead}
            </th>
            <th scope="col">{h.fanout}</th>
            <th scope="col" class="num">
              {CAPACITY.sendsOnDay}
            </th>
            <th scope="col" class="num">
              {h.capLeft}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((a) => (
            <tr>
              <th scope="row">{a.account}</th>
              <td class="num">{num(a.people)}</td>
              <td class="num">{num(a.queuedAhead)}</td>
              <td>{a.fanout}</td>
              <td class="num">{num(a.sendsOnDay)}</td>
              <td class="num">{num(a.capLeft)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** "发送容量": what the messages cost the bot accounts, and a plain warning when the notices cannot all go out in time. */
export function CapacityPanel(props: { c: CapacityPanelData; heading?: boolean }) {
  const c = props.c
  const items: [string, string][] = [
    [CAPACITY.officials, num(c.officials)],
    [CAPACITY.bound, c.bound],
    [CAPACITY.accounts, String(c.accounts)],
    [CAPACITY.messages, c.messages],
    [CAPACITY.fanout, c.fanout],
    [CAPACITY.capLeft, c.capLeft],
  ]
  return (
    <section class="capacity" aria-labelledby="capacity">
      {props.heading === false ? null : <h2 id="capacity">{CAPACITY.title}</h2>}
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
      {c.perAccount.length > 1 ? <Accounts rows={c.perAccount} /> : null}
      <p class="muted">{c.basis}</p>
      {c.unitHref ? (
        <p>
          <a href={c.unitHref}>{CAPACITY_PAGE.unitLink}</a>
        </p>
      ) : null}
    </section>
  )
}

/** A unit's capacity: everyone on its roster, as if one session reached them all; the unit and the day to count. */
export function CapacityPage(props: { user: PageUser; units: UnitOption[]; unit: string; date: string; c: CapacityPanelData }) {
  return (
    <Layout title={CAPACITY_PAGE.title} user={props.user} active="bot">
      <form method="get" action="/ui/capacity" class="filters" aria-label={CAPACITY_PAGE.title}>
        <div>
          <label for="c-unit">{CAPACITY_PAGE.unit}</label>
          <select id="c-unit" name="unit">
            <UnitOptions units={props.units} selected={props.unit} />
          </select>
        </div>
        <div>
          <label for="c-date">{CAPACITY_PAGE.date}</label>
          <input id="c-date" name="date" type="date" value={props.date} />
        </div>
        <button type="submit">{CAPACITY_PAGE.show}</button>
      </form>
      <p class="muted">{CAPACITY_PAGE.lead}</p>
      <CapacityPanel c={props.c} heading={false} />
    </Layout>
  )
}
