import { handoverEmail } from '../../domain/email/messages';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { hasAtLeast } from '../../domain/workspaces/roles';
import { logger } from '../../observability/logger';
import type { EmailSender } from '../email/ports';
import type { NotificationService } from '../notifications/notification-service';
import type { Membership } from '../workspaces/ports';
import type { ConversationStore } from './ports';

/**
 * A hand-over tells the people who must answer: the conversation's assignee, or every owner and admin when
 * nobody is assigned. One notification in the workspace's list (deduplicated per message, so a replayed Decide
 * step announces nothing twice), and an email to each of them through the EmailSender when the stage has one
 * (otherwise the notification alone). Alerts never fail the message's processing: a failure is logged.
 */
export class HandoverAlerts {
  constructor(
    private readonly deps: {
      notifications: Pick<NotificationService, 'notify'>;
      members: { listMembers(workspaceId: string): Promise<Membership[]> };
      conversations: Pick<ConversationStore, 'record'>;
      email?: EmailSender | undefined;
    },
  ) {}

  async announce(message: IncomingMessage, leadId: string): Promise<void> {
    try {
      const conversation = await this.deps.conversations.record(message.workspaceId, leadId);
      const members = await this.deps.members.listMembers(message.workspaceId);
      const assignee = members.find((m) => m.userId === conversation?.assigneeId);
      const recipients = assignee ? [assignee] : members.filter((m) => hasAtLeast(m.role, 'admin'));
      const contact = message.author.displayName ?? message.author.username ?? 'Someone';
      const fresh = await this.deps.notifications.notify(message.workspaceId, {
        kind: 'conversation_handover',
        title: `${contact} is waiting for a human`,
        body: `${contact} wrote on ${message.platform} and the bot handed the conversation over (${assignee ? `assigned to ${assignee.name ?? assignee.email}` : 'for the owners and admins'}). Conversation ${leadId}.`,
        leadId,
        dedupeKey: `handover:${message.dedupeKey}`,
      });
      if (!fresh || !this.deps.email) return;
      for (const member of recipients)
        await this.deps.email.send(
          handoverEmail({
            to: member.email,
            contact,
            platform: message.platform,
            text: message.text,
            assigned: member === assignee,
          }),
        );
    } catch (error) {
      logger.error('could not announce a hand-over', { error: error as Error, leadId });
    }
  }
}
