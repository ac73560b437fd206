import type { RobotMention } from '../../src/delivery/robots.repo.js'

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
