import { LOGIN } from './copy.zh.js'
import { CsrfField, Flash, Layout } from './layout.js'

export function LoginPage(props: { csrf: string; error?: string | null; notice?: string | null }) {
  return (
    <Layout title={LOGIN.title}>
      <Flash message={props.error} kind="error" />
      <Flash message={props.notice} />
      <p>{LOGIN.intro}</p>
      <form method="post" action="/ui/login" class="stack narrow">
        <CsrfField token={props.csrf} />
        <label for="token">{LOGIN.token}</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required maxlength={512} />
        <button type="submit">{LOGIN.submit}</button>
      </form>
    </Layout>
  )
}
