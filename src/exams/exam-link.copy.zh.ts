/** What the 任前 exam's notice and page-result messages say (the chat replies are in quizzes/copy.zh.ts). */
export const examLinkCopy = {
  assigned(post: string | null, questions: number, minutes: number, passScore: number, opens: string, url: string): string {
    return (
      `你已被安排参加任前法律知识考试${post ? `（拟任职务：${post}）` : ''}：共${questions}题，限时${minutes}分钟，${passScore}分及格，` +
      `${opens}起可以开始。\n请用手机打开你的个人考试链接作答（仅限本人使用，请勿转发）：\n${url}\n` +
      '也可以私聊发送“任前考试”在聊天中作答。'
    )
  },
  makeupLink(url: string): string {
    return `补考也可以打开个人考试链接进行：\n${url}`
  },
}
