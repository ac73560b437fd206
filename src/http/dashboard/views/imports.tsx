import { IMPORTS } from './copy.zh.js'
import { COLUMNS } from '../../../imports/headers.js'
import { LIMITS } from '../../../imports/copy.zh.js'
import type { ImportKind } from '../../../imports/import.types.js'
import { CsrfField, Flash, Layout, type PageUser } from './layout.js'

export interface ImportProblemRow {
  line: number
  column: string
  message: string
}

export type ImportOutcome =
  | {
      ok: true
      message: string
      /** who is (or, in a dry run, will be) marked as left: a heading and one line per unit */
      leavers?: { heading: string; lines: string[] }
      warnings?: string[]
      /** rows taken that will not count (marks before a person joined) */
      rowWarnings?: ImportProblemRow[]
    }
  /** the first 100 problems, and how many more there are */
  | { ok: false; problems: ImportProblemRow[]; problemsNotShown?: number }
  | { ok: false; error: string }

function Problems(props: { problems: ImportProblemRow[]; lead?: string; notShown?: number }) {
  const more = props.notShown ?? 0
  return (
    <>
      <p role="alert" class={props.lead ? 'flash' : 'flash flash-error'}>
        {props.lead ?? IMPORTS.failed(props.problems.length + more)}
      </p>
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{IMPORTS.columns.line}</th>
              <th scope="col">{IMPORTS.columns.column}</th>
              <th scope="col">{IMPORTS.columns.message}</th>
            </tr>
          </thead>
          <tbody>
            {props.problems.map((p) => (
              <tr>
                <td class="num">{String(p.line)}</td>
                <td>{p.column}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? <p>{LIMITS.more(more, props.problems.length)}</p> : null}
    </>
  )
}

/** Every kind's columns (Chinese headers, the required ones starred) and a link to its template, in import order. */
function Formats(props: { kinds: readonly ImportKind[] }) {
  return (
    <section>
      <h2>{IMPORTS.formats}</h2>
      <p>{IMPORTS.order}</p>
      <p>{IMPORTS.formatsIntro}</p>
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{IMPORTS.formatColumns.kind}</th>
              <th scope="col">{IMPORTS.formatColumns.columns}</th>
              <th scope="col">{IMPORTS.formatColumns.template}</th>
            </tr>
          </thead>
          <tbody>
            {props.kinds.map((k) => (
              <tr>
                <th scope="row">{IMPORTS.kinds[k] ?? k}</th>
                <td>{COLUMNS[k].map((c) => (c.required ? `${c.zh}*` : c.zh)).join('、')}</td>
                <td>
                  <a href={`/ui/imports/template/${k}`} download>
                    {IMPORTS.template(IMPORTS.kinds[k] ?? k)}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function ImportsPage(props: {
  user: PageUser
  kinds: readonly ImportKind[]
  allowed: boolean
  kind: string
  dryRun: boolean
  confirmLeavers?: boolean
  outcome?: ImportOutcome
}) {
  const o = props.outcome
  return (
    <Layout title={IMPORTS.title} user={props.user} active="imports">
      {o?.ok ? <Flash message={o.message} /> : null}
      {o?.ok ? (o.warnings ?? []).map((w) => <Flash message={w} kind="error" />) : null}
      {o?.ok && o.leavers ? (
        <section class="leavers" aria-label={o.leavers.heading}>
          <p>{o.leavers.heading}</p>
          <ul>
            {o.leavers.lines.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {o?.ok && o.rowWarnings?.length ? <Problems problems={o.rowWarnings} lead={IMPORTS.warnings(o.rowWarnings.length)} /> : null}
      {o && !o.ok && 'error' in o ? <Flash message={o.error} kind="error" /> : null}
      {o && !o.ok && 'problems' in o ? <Problems problems={o.problems} notShown={o.problemsNotShown} /> : null}
      {!props.allowed ? (
        <p class="notice">{IMPORTS.readOnly}</p>
      ) : (
        <>
          <p>{IMPORTS.intro}</p>
          <p>
            <a href="/ui/organizers">{IMPORTS.organizers}</a>
          </p>
          {props.user.unitCode ? <p class="notice">{IMPORTS.scoped(props.user.unitCode)}</p> : null}
          <form method="post" action="/ui/imports" enctype="multipart/form-data" class="stack narrow">
            <CsrfField token={props.user.csrf} />
            <label for="kind">{IMPORTS.kind}</label>
            <select id="kind" name="kind">
              {props.kinds.map((k) => (
                <option value={k} selected={k === props.kind}>
                  {IMPORTS.kinds[k] ?? k}
                </option>
              ))}
            </select>
            <label for="file">{IMPORTS.file}</label>
            <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv" required />
            <label class="check" for="dryRun">
              <input id="dryRun" name="dryRun" type="checkbox" value="1" checked={props.dryRun} />
              {IMPORTS.dryRun}
            </label>
            <label class="check" for="confirmLeavers">
              <input id="confirmLeavers" name="confirmLeavers" type="checkbox" value="1" checked={props.confirmLeavers ?? false} />
              {IMPORTS.confirmLeavers}
            </label>
            <button type="submit">{IMPORTS.submit}</button>
          </form>
        </>
      )}
      <Formats kinds={props.kinds} />
    </Layout>
  )
}
