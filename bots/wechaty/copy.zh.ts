/** What organizers are told when the WeChat bot needs attention. */
export const ALERTS = {
  alertLogout: (name: string) =>
    `【学法助手】微信机器人「${name}」已退出登录，正在尝试重新连接。如需扫码，请组织者打开机器人状态页面扫码登录。`,
  alertSilent: (name: string, minutes: number) => `【学法助手】微信机器人「${name}」已有${minutes}分钟没有任何响应，正在重新连接。`,
  alertStartFailed: (name: string) => `【学法助手】微信机器人「${name}」启动失败，正在重试。服务器其他功能不受影响。`,
} as const
