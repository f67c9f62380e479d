import { dedupeKeyOf } from '../../domain/messages/dedupe-key';
import type { IncomingMessageInput } from '../../domain/messages/incoming-message';
import type { LinkedInService } from '../../services/linkedin/linkedin-service';
import type { LinkedInInboxStore } from '../../services/linkedin/ports';
import type {
  CollectResult,
  OutgoingMessage,
  SendResult,
  SocialAccount,
  SocialProvider,
} from '../../services/social/ports';

const COLLECT_PAGE = 100;

/**
 * LinkedIn for the engine. Sending cannot happen inside the workflow's Lambda (no browser there), so `send`
 * queues a browser job and answers 'queued' with the job as the message id (the worker settles the delivery log
 * row when LinkedIn has the message, or says why not): the job's own exactly-once record and
 * the job id derived from the idempotency key make a retried step harmless. `collect` reads what the processor
 * last synced and asks for a fresh sync (at most hourly), so the collector never waits for a browser.
 */
export class LinkedInProvider implements SocialProvider {
  readonly name = 'linkedin' as const;
  readonly capabilities = { dm: true, commentReply: false, privateReply: false, collect: true };

  constructor(
    private readonly service: LinkedInService,
    private readonly inbox: LinkedInInboxStore,
  ) {}

  async send(account: SocialAccount, message: OutgoingMessage): Promise<SendResult> {
    if (message.action === 'private_reply' || (message.action === 'reply' && message.recipient.commentId))
      return failed(
        'not_supported',
        false,
        'LinkedIn comments cannot be answered by Flow IA; only direct messages.',
      );
    if (account.status === 'needs_reconnect')
      return failed('auth_expired', false, account.lastError ?? 'The LinkedIn account must be reconnected.');
    if (account.status === 'paused')
      return failed('permission_denied', false, account.lastError ?? 'The LinkedIn account is paused.');
    const conversationId = message.recipient.conversationId;
    if (!conversationId)
      return failed(
        'invalid_request',
        false,
        'A LinkedIn message needs an existing conversation to write in.',
      );
    const job = await this.service.enqueueWorkflowSend(account, {
      conversationId,
      text: message.text,
      idempotencyKey: message.idempotencyKey,
    });
    return {
      status: 'queued',
      providerMessageId: `linkedin-job:${job.id}`,
      explanation:
        'handed to the LinkedIn browser worker, which types it within working hours and the daily limit',
    };
  }

  async collect(account: SocialAccount, cursor: string | null): Promise<CollectResult> {
    if (account.status === 'active') await this.service.enqueueHourlySync(account);
    const items = await this.inbox.messagesAfter(account.workspaceId, account.id, cursor, COLLECT_PAGE);
    const messages: IncomingMessageInput[] = items
      .filter((m) => !m.fromSelf)
      .map((m) => ({
        dedupeKey: dedupeKeyOf('linkedin', 'dm', m.id),
        workspaceId: account.workspaceId,
        accountId: account.id,
        platform: 'linkedin',
        kind: 'dm',
        platformMessageId: m.id,
        conversationId: m.conversationId,
        author: { platformUserId: m.senderProfileId, username: m.senderProfileId, displayName: m.senderName },
        text: m.text,
        occurredAt: m.sentAt,
        source: 'collector',
        correlationId: `linkedin-collect-${account.id}`,
      }));
    return { messages, nextCursor: items.at(-1)?.position ?? cursor };
  }
}

function failed(
  code: Extract<SendResult, { status: 'failed' }>['failure']['code'],
  retryable: boolean,
  explanation: string,
): SendResult {
  return { status: 'failed', failure: { code, retryable, explanation } };
}
