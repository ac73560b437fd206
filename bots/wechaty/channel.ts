import type { Contact, Wechaty } from 'wechaty'
import type { Channel, OutboundMessage, Recipient } from '../../src/delivery/channel.js'
import type { Pacer, PacerLane } from '../../src/delivery/pacer.js'
import type { Db } from '../../src/storage/db.js'
import type { Logger } from '../../src/log.js'
import { ChannelUnavailableError, PermanentDeliveryError } from '../../src/delivery/errors.js'
import { findBindingByOfficial, updateBindingContact } from '../../src/roster/binding.repo.js'

export interface WechatyChannelDeps {
  /** the running Wechaty (null while it is being rebuilt) */
  bot: () => Wechaty | null
  db: Db
  pacer: Pacer
  /** the pacer lane sends take (default 'interactive': this channel answers people who just wrote) */
  lane?: PacerLane
  logger: Logger
  name: string
}

/**
 * The send side of the Wechaty adapter. Every send waits its turn in the account's pacer. An official is
 * reached through chat_bindings; when the stored contact id is no longer known (a re-login changed the
 * ids), the contact is found again by the alias key written into its remark, and the binding follows.
 */
export function createWechatyChannel(deps: WechatyChannelDeps): Channel {
  const live = (): Wechaty => {
    const bot = deps.bot()
    if (!bot?.isLoggedIn) throw new ChannelUnavailableError('the WeChat bot is not logged in')
    return bot
  }

  async function contactById(bot: Wechaty, id: string): Promise<Contact | undefined> {
    try {
      return await bot.Contact.find({ id })
    } catch {
      return undefined
    }
  }

  async function byAlias(bot: Wechaty, officialId: string, aliasKey: string): Promise<Contact> {
    const contact = await bot.Contact.find({ alias: aliasKey })
    // right after a re-login Wechaty may still be loading contacts: a plain error, retried with backoff
    if (!contact) throw new Error(`the chat contact of official ${officialId} is not found by its alias`)
    await deps.db.write((tx) => updateBindingContact(tx, officialId, contact.id)) // through the write lock
    deps.logger.info({ officialId }, 'chat binding followed a new contact id via alias')
    return contact
  }

  async function officialContact(bot: Wechaty, officialId: string): Promise<Contact> {
    const binding = await findBindingByOfficial(deps.db, officialId)
    if (!binding) throw new PermanentDeliveryError(`official ${officialId} has no chat binding`)
    return (await contactById(bot, binding.contactId)) ?? byAlias(bot, officialId, binding.aliasKey)
  }

  /** A stored id may still look known (cached) and fail on send after a re-login: then by alias, once. */
  async function sayToOfficial(bot: Wechaty, officialId: string, text: string): Promise<void> {
    const binding = await findBindingByOfficial(deps.db, officialId)
    if (!binding) throw new PermanentDeliveryError(`official ${officialId} has no chat binding`)
    const known = await contactById(bot, binding.contactId)
    if (known) {
      try {
        await known.say(text)
        return
      } catch (err) {
        deps.logger.info(
          { officialId, err: err instanceof Error ? err.message : String(err) },
          'send by contact id failed, trying the alias',
        )
      }
    }
    await (await byAlias(bot, officialId, binding.aliasKey)).say(text)
  }

  async function deliver(to: Recipient, message: OutboundMessage): Promise<void> {
    const bot = live()
    switch (to.kind) {
      case 'official':
        return sayToOfficial(bot, to.officialId, message.text)
      case 'contact': {
        const contact = await contactById(bot, to.contactId)
        if (!contact) throw new PermanentDeliveryError('unknown chat contact')
        await contact.say(message.text)
        return
      }
      case 'room': {
        const room = await bot.Room.find({ id: to.roomId })
        if (!room) throw new PermanentDeliveryError('unknown chat room')
        const mentions: Contact[] = []
        for (const id of to.mentionOfficialIds ?? []) mentions.push(await officialContact(bot, id))
        await (mentions.length ? room.say(message.text, ...mentions) : room.say(message.text))
        return
      }
      case 'robot':
        throw new PermanentDeliveryError('group robots are not reached through WeChat')
    }
  }

  return {
    name: deps.name,
    send: (to, message) => deps.pacer.schedule(() => deliver(to, message), deps.lane ?? 'interactive'),
    // while logged out the outbox keeps its rows instead of spending their retries
    isReady: () => deps.bot()?.isLoggedIn === true,
  }
}
