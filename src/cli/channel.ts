import { Command, Option } from 'commander'
import type { CliIo } from './io.js'
import type { ChannelAddOptions } from './channel.action.js'

/** `xuefa channel`: the WeCom / DingTalk applications the chat runs on besides WeChat (chat_apps). */
export function channelCommand(io: CliIo): Command {
  const run = () => import('./channel.action.js')
  const channel = new Command('channel').description(
    'WeCom self-built and DingTalk enterprise-internal applications: two-way chat beside WeChat',
  )
  channel
    .command('add <platform>')
    .description('add an application (wecom or dingtalk), or change its settings; secrets are stored, never shown')
    .addOption(new Option('--name <name>', 'its name here: the callback URL ends with it (a–z, 0–9)').default('main'))
    .option('--corp-id <id>', 'WeCom: the corpid (企业ID); DingTalk: the corpId, optional')
    .requiredOption('--agent-id <id>', 'WeCom: the AgentId; DingTalk: the AgentId of work notifications')
    .option('--app-key <key>', 'DingTalk: the AppKey (Client ID)')
    .requiredOption('--secret <secret>', 'WeCom: the application Secret; DingTalk: the AppSecret (also signs its callbacks)')
    .option('--token <token>', 'WeCom: the callback Token (接收消息 · Token)')
    .option('--aes-key <key>', 'WeCom: the callback EncodingAESKey (43 characters)')
    .action(async (platform: string, o: ChannelAddOptions) => (await run()).runChannelAdd(io, platform, o))
  channel
    .command('list')
    .description('the applications, their callback paths and whether they are on (secrets never shown)')
    .action(async () => (await run()).runChannelList(io))
  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    channel
      .command(`${name} <platform> <name>`)
      .description(enabled ? 'turn an application back on' : 'stop using an application (its people wait in the outbox)')
      .action(async (platform: string, app: string) => (await run()).runChannelEnable(io, platform, app, enabled))
  }
  return channel
}
