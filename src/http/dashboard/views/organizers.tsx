import { ORGANIZERS } from './copy.zh.js'
import { CsrfField, Flash, Layout, type PageUser } from './layout.js'

export interface OrganizerRow {
  id: string
  name: string
  unitName: string
}

export function OrganizersPage(props: {
  user: PageUser
  rows: OrganizerRow[]
  canEdit: boolean
  flash: { message: string; error: boolean } | null
}) {
  const { user } = props
  return (
    <Layout title={ORGANIZERS.title} user={user} active="imports">
      {props.flash ? <Flash message={props.flash.message} kind={props.flash.error ? 'error' : 'ok'} /> : null}
      <p>{ORGANIZERS.intro}</p>
      {props.rows.length === 0 ? (
        <p class="notice">{ORGANIZERS.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{ORGANIZERS.columns.id}</th>
                <th scope="col">{ORGANIZERS.columns.name}</th>
                <th scope="col">{ORGANIZERS.columns.unit}</th>
                {props.canEdit ? <th scope="col">{ORGANIZERS.columns.action}</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{r.id}</td>
                  <td>{r.name}</td>
                  <td>{r.unitName}</td>
                  {props.canEdit ? (
                    <td>
                      <form method="post" action="/ui/organizers" class="inline">
                        <CsrfField token={user.csrf} />
                        <input type="hidden" name="officialId" value={r.id} />
                        <input type="hidden" name="isOrganizer" value="0" />
                        <button type="submit" class="link">
                          {ORGANIZERS.remove}
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit ? (
        <form method="post" action="/ui/organizers" class="stack narrow">
          <CsrfField token={user.csrf} />
          <input type="hidden" name="isOrganizer" value="1" />
          <label for="officialId">{ORGANIZERS.officialId}</label>
          <input id="officialId" name="officialId" required maxlength={64} />
          <button type="submit">{ORGANIZERS.add}</button>
        </form>
      ) : null}
    </Layout>
  )
}
