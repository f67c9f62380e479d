import { randomUUID } from 'node:crypto';
import { type IncomingMessage, incomingMessageSchema } from '../../domain/messages/incoming-message';
import type { ProviderName } from '../../domain/messages/platforms';
import { logger } from '../../observability/logger';
import type { QueuePublisher } from '../queue/ports';
import type { CollectorService } from '../social/collector-service';
import type { SocialAccount, SocialProvider } from '../social/ports';
import type { AccountHealthService } from './account-health-service';
import type { ParkedInteractionStore } from './ports';

export interface BackfillReport {
  accountId: string;
  /** Interactions that waited for the account (logged during the outage), queued again. */
  requeued: number;
  /** Comments and messages the provider has since the collector's cursor. */
  collected: number;
  /** Whether collecting from the provider failed (the scheduled collector tries again later). */
  collectFailed: boolean;
}

export interface AccountRecoveryDependencies {
  health: Pick<AccountHealthService, 'markReconnected'>;
  parked: ParkedInteractionStore;
  publisher: QueuePublisher;
  collector: Pick<CollectorService, 'collectAccount'>;
  provider: (name: ProviderName) => SocialProvider;
}

/**
 * What happens when the user connects an account again: it is active again with its error cleared, then a
 * backfill feeds everything the outage held back through the same queue and dedupe as live traffic:
 *  1. the interactions logged during the outage but not answered (parked), and
 *  2. what the provider has since the collector's cursor (webhooks missed meanwhile), with `actionable` set by
 *     the provider from the messaging windows (old comments are logged as leads, never answered).
 * The interaction logger's dedupe and the send records make a message seen twice processed once.
 */
export class AccountRecoveryService {
  constructor(private readonly deps: AccountRecoveryDependencies) {}

  /** After every connect flow: active again, error cleared, new outage period, then the backfill. */
  async reconnected(accounts: SocialAccount[]): Promise<BackfillReport[]> {
    const reports: BackfillReport[] = [];
    for (const account of accounts)
      reports.push(await this.backfill(await this.deps.health.markReconnected(account)));
    return reports;
  }

  async backfill(account: SocialAccount): Promise<BackfillReport> {
    const correlationId = `backfill-${account.id}-${randomUUID()}`.slice(0, 128);
    const report: BackfillReport = { accountId: account.id, requeued: 0, collected: 0, collectFailed: false };
    report.requeued = await this.requeueParked(account, correlationId);
    // A first connection has no position yet: its first collection is the schedule's (no surprise burst).
    const provider = account.collectCursor === null ? undefined : this.providerOf(account);
    if (provider?.capabilities.collect) {
      try {
        report.collected = await this.deps.collector.collectAccount(
          provider,
          account,
          correlationId,
          'backfill',
        );
      } catch {
        // Already recorded by the collector (auth failure → needs_reconnect); the schedule retries the rest.
        report.collectFailed = true;
      }
    }
    logger.info('account backfilled', { ...report });
    return report;
  }

  private async requeueParked(account: SocialAccount, correlationId: string): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.parked.list(account.workspaceId, account.id, cursor);
      const messages: IncomingMessage[] = page.items.map((message) =>
        incomingMessageSchema.parse({ ...message, source: 'backfill', correlationId }),
      );
      if (messages.length > 0)
        await this.deps.publisher.publish(
          'incomingMessages',
          messages.map((body, i) => ({ id: `p${count + i}`, body })),
        );
      count += messages.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return count;
  }

  private providerOf(account: SocialAccount): SocialProvider | undefined {
    try {
      return this.deps.provider(account.provider);
    } catch (error) {
      logger.warn('no provider to backfill from', { error: error as Error, provider: account.provider });
      return undefined;
    }
  }
}
