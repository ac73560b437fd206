/**
 * The floors of ARCHITECTURE.md as rules that fail `npm run lint` (and so `npm test`).
 *
 *   composition root   src/main.ts, src/context.ts, src/background.ts, src/prepare.ts   may import anything
 *   adapters           src/http, src/chat, src/cli, src/scheduler, src/demo, bots/   import the domain, not each other
 *   domain             one folder per capability, in the order of DOMAIN below: a folder imports only folders before it
 *   kernel             src/storage and the single files of src/ (clock, errors, log, config, calendar, laws, …)
 */

/** Low to high: a domain folder may import only the folders before it. */
const DOMAIN = ['roster', 'access', 'delivery', 'jobs', 'quizzes', 'exams', 'sessions', 'answering', 'schedules', 'reports', 'imports']
const ADAPTERS = ['src/http', 'src/chat', 'src/cli', 'src/scheduler', 'src/demo', 'bots']
const COMPOSITION = '^src/(main|context|background|prepare)\\.ts$'
const KERNEL = '^src/(storage/|(?!(main|context|background|prepare)\\.ts$)[^/]+\\.ts$)'
const any = (paths) => `^(${paths.join('|')})/`
const domain = (names) => `^src/(${names.join('|')})/`

const domainOrder = DOMAIN.slice(0, -1).map((name, i) => ({
  name: `domain-order-${name}`,
  comment: `${name}/ sits below ${DOMAIN.slice(i + 1).join(', ')}: it may not import them (ARCHITECTURE.md)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: domain(DOMAIN.slice(i + 1)) },
}))

const adaptersApart = ADAPTERS.map((adapter) => ({
  name: `adapters-apart-${adapter.replace('/', '-')}`,
  comment: `${adapter} is an adapter: it talks to the others only through the domain or the composition root`,
  severity: 'error',
  from: { path: `^${adapter}/` },
  to: {
    path: any(ADAPTERS.filter((a) => a !== adapter)),
    // the demo types the chat's commands and reads its replies, as a person would; the CLI runs the demo
    pathNot: adapter === 'src/demo' ? '^src/chat/copy\\.zh\\.ts$' : adapter === 'src/cli' ? '^src/demo/' : '^$',
  },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'modules import each other in one direction only',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-the-floor',
      comment: 'the kernel (storage, clock, errors, log, config, calendar, …) imports no capability, adapter or the composition root',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: `${domain(DOMAIN)}|${any(ADAPTERS)}|${COMPOSITION}` },
    },
    {
      name: 'domain-knows-no-adapter',
      comment: 'the domain imports no adapter and not the composition root',
      severity: 'error',
      from: { path: domain(DOMAIN) },
      to: { path: `${any(ADAPTERS)}|${COMPOSITION}` },
    },
    {
      name: 'domain-knows-no-framework',
      comment: 'the domain imports no hono, wechaty, node-cron or commander: those are the adapters’',
      severity: 'error',
      from: { path: `${domain(DOMAIN)}|${KERNEL}` },
      to: { dependencyTypes: ['npm'], path: '^node_modules/(hono|@hono|wechaty|wechaty-puppet[^/]*|node-cron|commander)/' },
    },
    {
      name: 'api-and-dashboard-apart',
      comment: 'the API, the dashboard and the mobile page share src/http/common, not each other',
      severity: 'error',
      from: { path: '^src/http/(api|dashboard|page)/' },
      to: { path: '^src/http/(api|dashboard|page)/', pathNot: '^src/http/$1/' },
    },
    {
      name: 'http-common-is-shared',
      comment: 'src/http/common serves the API, the dashboard and the mobile page; it imports none of them',
      severity: 'error',
      from: { path: '^src/http/common/' },
      to: { path: '^src/http/(api|dashboard|page)/|^src/http/app\\.ts$' },
    },
    {
      name: 'only-storage-opens-the-database',
      comment: 'the libSQL client is created in src/storage (opened by the composition root); others use its types only',
      severity: 'error',
      from: { path: '^(src|bots)/', pathNot: '^src/storage/' },
      to: { path: '^node_modules/@libsql/client/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-the-root-opens-the-database',
      comment: 'main.ts (the composition root) is the only place that builds real clients',
      severity: 'error',
      from: { path: '^(src|bots)/', pathNot: `^src/storage/|${COMPOSITION}` },
      to: { path: '^src/storage/db\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    ...domainOrder,
    ...adaptersApart,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
