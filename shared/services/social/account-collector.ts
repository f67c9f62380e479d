import type { QueuePublisher } from '../../adapters/queue/queue-publisher';
import { incomingMessageSchema } from '../../domain/messages/incoming-message';
import { logger } from '../../observability/logger';
import { authFailureOf } from '../account-health/auth-failure';
import type { AccountHealthReporter } from '../account-health/ports';
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
 * the others; one whose credentials stopped working goes to needs_reconnect through the account health service.
 * The same loop backfills an account after a reconnect (source 'backfill').
 */
export class AccountCollector {
  constructor(
    private readonly accounts: Pick<SocialAccountStore, 'listAll' | 'update'>,
    private readonly publisher: QueuePublisher,
    private readonly health?: Pick<AccountHealthReporter, 'markNeedsReconnect'>,
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
          report.published += await this.collectAccount(provider, account, correlationId, 'collector');
        } catch {
          report.failed += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return report;
  }

  /** Collects one account since its cursor; failures are recorded (auth → needs_reconnect) and rethrown. */
  async collectAccount(
    provider: SocialProvider,
    account: SocialAccount,
    correlationId: string,
    source: 'collector' | 'backfill',
  ): Promise<number> {
    try {
      return await this.collectOne(provider, account, correlationId, source);
    } catch (error) {
      const authFailure = authFailureOf(error);
      if (authFailure) await this.health?.markNeedsReconnect(account, authFailure);
      logger.warn('collection failed for one account', {
        error: error as Error,
        provider: provider.name,
        accountId: account.id,
        source,
      });
      throw error;
    }
  }

  private async collectOne(
    provider: SocialProvider,
    account: SocialAccount,
    correlationId: string,
    source: 'collector' | 'backfill',
  ): Promise<number> {
    const result = await provider.collect(account, account.collectCursor);
    const messages = result.messages.map((message) =>
      incomingMessageSchema.parse({ ...message, source, correlationId }),
    );
    if (messages.length > 0)
      await this.publisher.publish(
        'incomingMessages',
        messages.map((body, i) => ({ id: `m${i}`, body })),
      );
    // The cursor and "last event received" share one write; the latter only ever moves forward.
    const newest = messages
      .map((m) => m.occurredAt)
      .toSorted()
      .at(-1);
    const lastEventAt = newest && newest > (account.lastEventAt ?? '') ? newest : undefined;
    if (result.nextCursor !== account.collectCursor || lastEventAt)
      await this.accounts.update(account.workspaceId, account.id, {
        collectCursor: result.nextCursor,
        ...(lastEventAt ? { lastEventAt } : {}),
      });
    return messages.length;
  }
}
