import type { QueuePublisher } from '../../adapters/queue/queue-publisher';
import { incomingMessageSchema } from '../../domain/messages/incoming-message';
import { logger } from '../../observability/logger';
import type { SocialAccount, SocialAccountStore, SocialProvider } from './ports';

export interface CollectionReport {
  accounts: number;
  published: number;
  failed: number;
}

/**
 * The scheduled collection of one provider: for every active account, ask the provider what is new since the
 * stored cursor, queue it, and only then store the new cursor — if the queue refuses, the next run collects the
 * same items again (and the interaction logger's dedupe absorbs any overlap). One failing account never stops
 * the others.
 */
export class AccountCollector {
  constructor(
    private readonly accounts: Pick<SocialAccountStore, 'listAll' | 'update'>,
    private readonly publisher: QueuePublisher,
  ) {}

  async collectAll(provider: SocialProvider, correlationId: string): Promise<CollectionReport> {
    const report: CollectionReport = { accounts: 0, published: 0, failed: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.accounts.listAll(cursor);
      for (const account of page.items) {
        if (account.provider !== provider.name || account.status !== 'active') continue;
        report.accounts += 1;
        try {
          report.published += await this.collectOne(provider, account, correlationId);
        } catch (error) {
          report.failed += 1;
          logger.warn('collection failed for one account', {
            error: error as Error,
            provider: provider.name,
            accountId: account.id,
          });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return report;
  }

  private async collectOne(
    provider: SocialProvider,
    account: SocialAccount,
    correlationId: string,
  ): Promise<number> {
    const result = await provider.collect(account, account.collectCursor);
    const messages = result.messages.map((message) =>
      incomingMessageSchema.parse({ ...message, source: 'collector', correlationId }),
    );
    if (messages.length > 0)
      await this.publisher.publish(
        'incomingMessages',
        messages.map((body, i) => ({ id: `m${i}`, body })),
      );
    if (result.nextCursor !== account.collectCursor)
      await this.accounts.update(account.workspaceId, account.id, {
        collectCursor: result.nextCursor,
        ...(messages.length > 0 ? { lastEventAt: latest(messages.map((m) => m.occurredAt)) } : {}),
      });
    return messages.length;
  }
}

function latest(times: string[]): string {
  return times.toSorted().at(-1)!;
}
