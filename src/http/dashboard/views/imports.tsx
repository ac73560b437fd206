import { IMPORTS } from './copy.zh.js'
import { CsrfField, Flash, Layout, type PageUser } from './layout.js'

export interface ImportProblemRow {
  line: number
  column: string
  message: string
}

export type ImportOutcome =
  | { ok: true; message: string; warnings?: ImportProblemRow[] }
  | { ok: false; problems: ImportProblemRow[] }
  | { ok: false; error: string }

function Problems(props: { problems: ImportProblemRow[]; lead?: string }) {
  return (
    <>
      <p role="alert" class={props.lead ? 'flash' : 'flash flash-error'}>
        {props.lead ?? IMPORTS.failed(props.problems.length)}
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
    </>
  )
}

export function ImportsPage(props: {
  user: PageUser
  kinds: readonly string[]
  allowed: boolean
  kind: string
  dryRun: boolean
  outcome?: ImportOutcome
}) {
  const o = props.outcome
  return (
    <Layout title={IMPORTS.title} user={props.user} active="imports">
      {o?.ok ? <Flash message={o.message} /> : null}
      {o?.ok && o.warnings?.length ? <Problems problems={o.warnings} lead={IMPORTS.warnings(o.warnings.length)} /> : null}
      {o && !o.ok && 'error' in o ? <Flash message={o.error} kind="error" /> : null}
      {o && !o.ok && 'problems' in o ? <Problems problems={o.problems} /> : null}
      {!props.allowed ? (
        <p class="notice">{IMPORTS.scopedOnly}</p>
      ) : (
        <>
          <p>{IMPORTS.intro}</p>
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
            <button type="submit">{IMPORTS.submit}</button>
          </form>
        </>
      )}
    </Layout>
  )
}
