export type RobotPlatform = 'wecom' | 'dingtalk' | 'feishu'

/** Someone to @-mention: the platform's user id and/or mobile, and the name written in the text. */
export interface RobotMention {
  name: string
  userId: string | null
  mobile: string | null
}

export interface RobotMessage {
  text: string
  markdown?: string
  mentions: RobotMention[]
}

export interface RobotRequest {
  url: string
  body: unknown
}

export type RobotAnswer = { ok: true } | { ok: false; throttledMs?: number; permanent?: boolean; message: string }
