import { isThreadKind, statusAfterIncoming } from '../../domain/conversations/conversation';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { ConversationStore } from './ports';

/**
 * Keeps the inbox's view of a conversation in step with what the person writes: called by the interaction
 * logger for every incoming message, after the interaction item (the thread's entry) is stored. A message newer
 * than the last one seen reopens the conversation, makes it unread and becomes what a human reply answers; a
 * replay or an older message changes nothing (idempotent under SQS redelivery and out-of-order collection).
 */
export class InboxRecorder {
  constructor(private readonly store: ConversationStore) {}

  async recordIncoming(message: IncomingMessage, leadId: string): Promise<void> {
    if (!isThreadKind(message.kind)) return;
    await this.store.change(message.workspaceId, leadId, (current) => {
      if (current?.lastInboundAt && current.lastInboundAt >= message.occurredAt) return undefined;
      const lastMessageAt =
        current?.lastMessageAt && current.lastMessageAt > message.occurredAt
          ? current.lastMessageAt
          : message.occurredAt;
      return {
        platform: message.platform,
        accountId: message.accountId,
        contact: {
          platformUserId: message.author.platformUserId,
          username: message.author.username,
          displayName: message.author.displayName,
        },
        status: statusAfterIncoming(current?.status ?? null),
        lastMessageAt,
        lastMessageText: message.text,
        lastInboundAt: message.occurredAt,
        lastInbound: message,
      };
    });
  }
}
