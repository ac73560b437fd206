import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COPY } from '../../src/chat/copy.zh.js'
import { quizCopy } from '../../src/quizzes/copy.zh.js'
import { registerQuizCommands } from '../../src/chat/commands/quiz.js'
import { registerExamCommands } from '../../src/chat/commands/exam.js'
import { updateSession } from '../../src/sessions/sessions.service.js'
import { quizSpecSchema } from '../../src/quizzes/quiz.schema.js'
import { assignAppointmentExam } from '../../src/exams/exam.service.js'
import { addSession, bindDirectly, createChatHarness, rows, TZ, type ChatHarness } from '../helpers/chat.js'
import { rightReply, seedQuestions } from './quiz-fixtures.js'

let h: ChatHarness
beforeEach(async () => {
  h = await createChatHarness('2024-03-05T00:00:00.000Z')
  h.chat.registerChatFeature(registerQuizCommands)
  h.chat.registerChatFeature(registerExamCommands)
  await seedQuestions(h.db)
  await bindDirectly(h.db, 'A001', 'wx-a001')
  await addSession(h.db, { id: 'S1', startsAt: '2024-03-05 15:00', title: '学习行政复议法' })
  await updateSession(
    { db: h.db, clock: h.clock, tz: TZ },
    'S1',
    { quiz: quizSpecSchema.parse({ questionIds: ['S01', 'J01'] }) },
    { actor: 'test' },
  )
})
afterEach(() => h.cleanup())

describe('quiz and exam commands through the chat router', () => {
  it('answers once when the platform delivers the same message twice', async () => {
    const [q1] = await h.send('答题')
    const reply = rightReply(q1!)
    const first = await h.send(reply, { id: 'dup-1' })
    expect(first[0]).toContain('✅ 回答正确')
    expect(await h.send(reply, { id: 'dup-1' })).toEqual([])
    expect(await rows(h.db, 'SELECT COUNT(*) AS n FROM answers')).toEqual([{ n: 1 }])
  })

  it('treats a letter with nothing pending like any unknown text', async () => {
    // 赵组织 (the county) is not expected at the SFJ session: no quiz waits for him
    await bindDirectly(h.db, 'O001', 'wx-o001')
    expect(await h.send('A', { contactId: 'wx-o001' })).toEqual([COPY.unknown])
  })

  it('takes a lone letter with a quiz waiting (and none begun) as a whole-quiz answer that misses questions', async () => {
    expect(await h.send('A')).toEqual([quizCopy.wholeMissing([2], 2)])
    expect(await rows(h.db, 'SELECT COUNT(*) AS n FROM attempts')).toEqual([{ n: 0 }])
  })

  it('accepts answers @-mentioning the bot in a group for quizzes, but never takes the 任前 exam in a group', async () => {
    const [q1] = await h.send('@学法助手 答题', { roomId: 'room-1', mentioned: true })
    expect((await h.send(`@学法助手 ${rightReply(q1!)}`, { roomId: 'room-1', mentioned: true }))[0]).toContain('✅ 回答正确')
    await assignAppointmentExam(
      { db: h.db, clock: h.clock, tz: TZ },
      { officialId: 'A001', proposedPost: '局长', opensAt: h.clock.now(), blueprint: { single: 1, multiple: 0, judge: 1 } },
      { actor: 'test' },
    )
    expect(await h.send('@学法助手 任前考试', { roomId: 'room-1', mentioned: true })).toEqual([
      '任前法律知识考试只能在与我的私聊中进行，请私聊发送“任前考试”。',
    ])
    // the intro and the first question: one message
    const [e1, ...more] = await h.send('任前考试')
    expect(more).toEqual([])
    expect(e1).toContain('任前法律知识考试（拟任职务：局长）现在开始')
    expect(await h.send(`@学法助手 ${rightReply(e1!)}`, { roomId: 'room-1', mentioned: true })).toEqual([
      '任前法律知识考试只能在私聊中作答，请在与我的私聊中回复答案。',
    ])
    // the ack and the next question: one message
    const [ack, ...rest] = await h.send(rightReply(e1!))
    expect(rest).toEqual([])
    expect(ack).toMatch(/^已记录第1\/2题的答案。\n\n第2\/2题/)
  })
})
