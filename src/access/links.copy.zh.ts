/** What a personal link's messages say (CONTRACT §8): the link sent again on request. */
export const linkCopy = {
  resent(url: string): string {
    return `这是你新的个人学法链接（仅限本人使用，请勿转发）：\n${url}`
  },
}
