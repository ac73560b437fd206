import type { CapacityReport } from '../../sessions/capacity.service.js'
import { assumptionsZh, boundZh, CAPACITY, capacityWarningsZh, capLeftZh, durationZh, messagesZh } from '../../sessions/capacity.copy.zh.js'
import type { CapacityPanelData } from './views/capacity.js'

/** The capacity as the page shows it: the figures put in words, the warnings, and each account. */
export function capacityPanel(r: CapacityReport, tz: string): CapacityPanelData {
  return {
    officials: r.officials,
    bound: boundZh(r),
    accounts: r.accounts,
    messages: messagesZh(r),
    fanout: r.session?.noticeAt === null ? `${durationZh(r.longestFanoutMs)}${CAPACITY.noNotice}` : durationZh(r.longestFanoutMs),
    capLeft: capLeftZh(r),
    warnings: capacityWarningsZh(r, tz),
    basis: assumptionsZh(r),
    perAccount: r.perAccount.map((a) => ({
      account: a.account,
      people: a.people,
      queuedAhead: a.queuedAhead,
      fanout: durationZh(a.fanoutMs),
      sendsOnDay: a.sendsOnDay,
      capLeft: a.capLeft,
    })),
  }
}
