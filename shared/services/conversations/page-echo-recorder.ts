import type { SendRecord } from '../../domain/delivery/send-record';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { AutomationGate } from './automation-gate';
import type { ConversationStore } from './ports';

/** Send records looked at to recognise an echo of Flow IA's own send (a person rarely gets more). */
const RECENT_SENDS = 20;
/** Statuses of a send that may have reached Meta, so its echo may arrive. */
const MAY_HAVE_SENT: ReadonlySet<SendRecord['status']> = new Set(['sending', 'sent', 'queued', 'uncertain']);

/**
 * The page's own messages that Flow IA did not send: the owner answered from the Instagram or Facebook app.
 * Meta echoes every message the account sends (`is_echo`), with the sending app's `app_id` — echoes from Flow
 * IA's own app are dropped at the webhook. Instagram's echo example carries no `app_id` at all
 * (https://developers.facebook.com/docs/instagram-messaging/webhooks), so an echo is also recognised as ours
 * when one of the person's recent send records has its mid as provider message id, or the same text while it
 * may have been sent (the echo can overtake the send record's settle). Anything else is the owner: the message
 * goes into the thread as the page's and the bot pauses (`page_reply`).
 */
export class PageEchoRecorder {
  constructor(
    private readonly deps: {
      sends: { ofLead(workspaceId: string, leadId: string, limit: number): Promise<SendRecord[]> };
      gate: AutomationGate;
      store: ConversationStore;
    },
  ) {}

  async isOwnSend(message: IncomingMessage, leadId: string): Promise<boolean> {
    const sends = await this.deps.sends.ofLead(message.workspaceId, leadId, RECENT_SENDS);
    return sends.some(
      (send) =>
        send.providerMessageId === message.platformMessageId ||
        (send.text === message.text && MAY_HAVE_SENT.has(send.status)),
    );
  }

  /** After the echo's interaction item is stored: the bot pauses, the inbox counts a human message. */
  async ownerReplied(message: IncomingMessage, leadId: string): Promise<void> {
    await this.deps.gate.pause(message.workspaceId, leadId, 'page_reply');
    await this.deps.store.change(message.workspaceId, leadId, (current) => {
      if (current?.lastHumanAt && current.lastHumanAt >= message.occurredAt) return undefined;
      const newer = !current?.lastMessageAt || current.lastMessageAt < message.occurredAt;
      return {
        ...(current ? {} : { platform: message.platform, accountId: message.accountId }),
        lastHumanAt: message.occurredAt,
        ...(newer ? { lastMessageAt: message.occurredAt, lastMessageText: message.text } : {}),
      };
    });
  }
}
