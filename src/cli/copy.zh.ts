import type { ImportProblem } from '../imports/import.types.js'
import type { AppError } from '../errors.js'

/** What the `xuefa` commands say to the person at the terminal, where more than one command says it. */
export const CLI = {
  /** as the importers say it: robot add, bind-codes */
  unitNotFound: (code: string) => `单位「${code}」不存在，请先导入单位`,
  officialNotFound: (id: string) => `人员「${id}」不在花名册中，请先导入人员`,
  sessionNotFound: (id: string) => `活动「${id}」不存在`,
  sessionNotInUnit: (id: string, unit: string) => `活动「${id}」不是单位「${unit}」或其下属单位组织的`,
  badDate: (flag: string) => `${flag} 应为日期 YYYY-MM-DD，例如 2025-03-04`,
  positiveWhole: (flag: string) => `${flag} 应为正整数`,
  /** one problem of a refused import file, with its line and column as the file has them */
  importProblem: (p: ImportProblem) => `第 ${p.line} 行「${p.column}」：${p.message}`,
}

/** A database address fit to print: the scheme, host and port of a remote one (never its query, which may hold a token). */
export function printableDbUrl(url: string): string {
  if (url.startsWith('file:')) return url
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}`
  } catch {
    return 'XUEFA_DB_URL'
  }
}

/** What went wrong on the way, in a few English words from the error and its cause (for the administrator). */
function detailOf(e: unknown): string {
  const parts: string[] = []
  let cur: unknown = e
  for (let i = 0; i < 3 && cur instanceof Error; i++, cur = cur.cause) if (cur.message) parts.push(cur.message.split('\n')[0] ?? '')
  return parts.join(': ')
}

export const CLI_ERRORS = {
  config: (problems: string[]) => `配置有误（环境变量），请改正后重试：\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  /** `setting` names where the URL came from: XUEFA_DB_URL, or an embedded replica's primary (XUEFA_DB_SYNC_URL) */
  dbUnreachable: (url: string, hasToken: boolean, e: unknown, setting = 'XUEFA_DB_URL') =>
    url.startsWith('file:')
      ? `无法打开数据库 ${url}（${detailOf(e)}）。请检查 XUEFA_DB_URL 指向的文件夹是否存在、是否可写。`
      : `无法连接数据库 ${printableDbUrl(url)}（${detailOf(e)}）。请检查 ${setting} 是否正确、数据库服务器是否在运行${
          hasToken ? '、XUEFA_DB_AUTH_TOKEN 是否有效' : '；远程 libSQL 服务器（如 Turso）一般还要设置 XUEFA_DB_AUTH_TOKEN，现在没有设置'
        }。`,
  /** a remote server answered 401 (no token, or one it does not accept) or 403 (a token that may not do this) */
  dbRefused: (url: string, hasToken: boolean, status: 401 | 403) =>
    status === 403
      ? `数据库服务器 ${printableDbUrl(url)} 拒绝了这项操作（HTTP 403）：XUEFA_DB_AUTH_TOKEN 没有写入权限（也许是只读令牌），请换一个可读写的令牌。`
      : hasToken
        ? `数据库服务器 ${printableDbUrl(url)} 不接受 XUEFA_DB_AUTH_TOKEN（HTTP 401）：令牌无效、已过期或不是这台服务器的，请换一个有效的令牌。`
        : `数据库服务器 ${printableDbUrl(url)} 要求令牌（HTTP 401）：请设置 XUEFA_DB_AUTH_TOKEN 为这台服务器签发的令牌。`,
  portTaken: (host: string, port: number) =>
    `端口 ${port}（${host}）已被占用：另一个程序（也许是另一个 xuefa）正在使用它。请先停止那个程序，或换一个端口启动，例如 PORT=${port + 1} npm start。`,
  portDenied: (host: string, port: number) => `没有权限监听 ${host}:${port}：1024 以下的端口需要管理员权限，请换一个端口（PORT=8787）。`,
  noFolder: (path: string) => `文件夹不存在：${path}。请先创建这个文件夹，或换一个已有的位置。`,
  noFile: (path: string) => `找不到文件：${path}。`,
  noAccess: (path: string) => `没有权限写入或读取：${path}。请换一个位置，或检查文件夹的权限。`,
  isFolder: (path: string) => `这是一个文件夹，不是文件：${path}。请在后面加上文件名。`,
  fileExists: (path: string) => `文件已存在：${path}。为免覆盖，请换一个新的文件名。`,
  /** AppError codes the domain raises, when its message has no sentence of its own below */
  byCode: {
    INVALID_INPUT: '输入有误，未作任何修改',
    UNAUTHORIZED: '令牌无效或已过期',
    FORBIDDEN: '没有权限执行这项操作',
    NOT_FOUND: '找不到要操作的记录',
    CONFLICT: '与现有记录冲突，未作任何修改',
    PAYLOAD_TOO_LARGE: '内容太大',
    RATE_LIMITED: '操作过于频繁，请稍后再试',
    INTERNAL: '内部错误',
  } satisfies Record<AppError['code'], string>,
}

const CJK = /[\u4e00-\u9fff]/

/** The domain's English refusals the commands meet in normal use, each with its Chinese sentence. */
const REFUSALS: [RegExp, (...m: string[]) => string][] = [
  [/^unit (\S+) (?:does not exist|not found)/, (code) => CLI.unitNotFound(code)],
  [/^official (\S+) not found/, (id) => CLI.officialNotFound(id)],
  [/^session (\S+) not found/, (id) => CLI.sessionNotFound(id)],
  [/^session (\S+) is cancelled/, (id) => `活动「${id}」已取消，不能再修改`],
  [/^session (\S+) already exists/, (id) => `活动编号「${id}」已被使用`],
  [/^exam (\S+) not found/, (id) => `考试「${id}」不存在`],
  [/^token (\S+) not found/, (id) => `令牌 #${id} 不存在`],
  [/^question (\S+) not found/, (id) => `题目「${id}」不存在`],
  [/^schedule (\S+) not found/, (id) => `定时推送「${id}」不存在`],
  [/^an organizer token must be scoped to a unit/, () => '组织者令牌必须限定单位：请加上 --unit 单位代码'],
  [/^(.+) already exists; choose a new file name/, (path) => CLI_ERRORS.fileExists(path)],
  [/^folder (.+) does not exist/, (path) => CLI_ERRORS.noFolder(path)],
  [
    /^backup works on an embedded/,
    () => '备份只适用于本机的数据库文件（XUEFA_DB_URL 以 file: 开头）；远程 libSQL 服务器请用它自带的备份工具。',
  ],
  [/^setting (\S+) is not (?:valid|JSON)/, (key) => `设置「${key}」的值无效，请改正后重试`],
  [/^the question bank has no questions for this (?:exam|quiz)/, () => '题库中没有可用的题目，请先导入题库（xuefa import questions 文件）'],
  [
    /^county (\S+) could not be read[^:]*: (.*)/,
    (name, detail) =>
      `汇总名单中的县（市、区）${name} 读取失败（${detail}）：它的命名空间也许不存在、未迁移，或 XUEFA_DB_AUTH_TOKEN 不能访问它。请用 xuefa namespace create ${name} 创建，或用 xuefa county remove ${name} 移出名单。`,
  ],
]

/**
 * One place where a refusal of the domain (an AppError) becomes what the person at the terminal reads: its own
 * sentence when it is already Chinese or is one the commands meet in normal use, else the Chinese for its kind with
 * the English detail after it for the administrator.
 */
export function cliRefusal(e: AppError): string {
  const first = e.message.split('\n')[0] ?? ''
  for (const [re, say] of REFUSALS) {
    const m = re.exec(first)
    if (m) return say(...m.slice(1))
  }
  if (CJK.test(first)) return e.message
  return `${CLI_ERRORS.byCode[e.code]}（${e.message}）`
}

/** commander's own refusals (arguments and options), each with its Chinese; the names of options stay as typed. */
const COMMANDER: [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown option '([^']*)'/, (flag) => `没有这个选项：${flag}`],
  [/^error: unknown command '([^']*)'/, (name) => `没有这个命令：${name}`],
  [/^error: missing required argument '([^']*)'/, (name) => `缺少参数：${name}`],
  [/^error: option '([^']*)' argument missing/, (flags) => `选项 ${flags} 后面缺少值`],
  [/^error: required option '([^']*)' not specified/, (flags) => `缺少必填的选项 ${flags}`],
  [
    /^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/m,
    (flags, value, choices) => `选项 ${flags} 的值「${value}」无效，可选：${choices}`,
  ],
  [
    /^error: option '([^']*)' argument '([^']*)' is invalid\. ?(.*)$/m,
    (flags, value, why) => `选项 ${flags} 的值「${value}」无效${why ? `（${why}）` : ''}`,
  ],
  [/^error: too many arguments/, () => '参数太多'],
]

/** commander's error line in Chinese; its suggestion `(Did you mean --year?)` becomes 「是不是想用：--year？」. */
export function commanderError(text: string): string {
  const suggestion = /\(Did you mean (?:one of )?(.+)\?\)/.exec(text)?.[1]
  for (const [re, say] of COMMANDER) {
    const m = re.exec(text)
    if (m) return `${say(...m.slice(1))}${suggestion ? `（是不是想用：${suggestion}？）` : ''}\n`
  }
  return text
}

/** `xuefa namespace` and `xuefa county` (issue 19): a county per namespace of a libSQL server, and the province's list. */
export const NAMESPACE_WORDS = {
  badName: (name: string) => `命名空间名「${name}」无效：只能用小写字母、数字和 -（不以 - 开头或结尾，最长 63 个字符），例如 pingluo`,
  needsServer:
    '命名空间只存在于 libSQL 服务器（sqld --enable-namespaces）上：XUEFA_DB_URL 应为 http://、https:// 或 libsql:// 开头的服务器地址，而不是 file: 文件。',
  needsAdminUrl:
    '请设置 XUEFA_DB_ADMIN_URL 为 libSQL 服务器的管理接口地址（sqld 的 --admin-listen-addr），例如 XUEFA_DB_ADMIN_URL=http://127.0.0.1:9090',
  adminRefused: (url: string, hasToken: boolean) =>
    hasToken
      ? `libSQL 服务器的管理接口 ${url} 不接受 XUEFA_DB_ADMIN_TOKEN（HTTP 401）：请换成 sqld --admin-auth-key 所设的密钥。`
      : `libSQL 服务器的管理接口 ${url} 要求密钥（HTTP 401）：请设置 XUEFA_DB_ADMIN_TOKEN 为 sqld --admin-auth-key 所设的密钥。`,
  adminFailed: (url: string, name: string, detail: string) =>
    `无法在 libSQL 服务器的管理接口 ${url} 创建命名空间 ${name}（${detail}）。请检查 XUEFA_DB_ADMIN_URL 是否正确、sqld 是否以 --enable-namespaces 启动。`,
  noNamespace: (url: string, name: string) =>
    `数据库服务器 ${url} 没有命名空间 ${name}（HTTP 404）：请先用 xuefa namespace create ${name} 创建，或检查 XUEFA_DB_NAMESPACE 与各县的名称。`,
  created: (name: string) => `已创建命名空间 ${name}`,
  exists: (name: string) => `命名空间 ${name} 已存在`,
  countyAdded: (name: string, unit: string) => `已登记县（市、区）${name}（${unit}），汇总时按登记顺序排列`,
  countyListed: (name: string) => `${name} 已在汇总名单中`,
  countyRemoved: (name: string) => `已从汇总名单中移除 ${name}（它的数据库不变）`,
  countyNotListed: (name: string) => `${name} 不在汇总名单中`,
  notItself: (name: string) => `${name} 是本数据库自己的命名空间（XUEFA_DB_NAMESPACE），不能登记为被汇总的县`,
  sameDatabase: (name: string) =>
    `命名空间 ${name} 与本数据库是同一个数据库：这台 libSQL 服务器没有启用命名空间（sqld 需以 --enable-namespaces 启动），未登记。`,
  noCounties: '汇总名单是空的：用 xuefa county add 命名空间 登记各县（市、区）',
}
