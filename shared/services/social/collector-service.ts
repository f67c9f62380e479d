import { randomUUID } from 'node:crypto';
import { incomingMessageSchema } from '../../domain/messages/incoming-message';
import type { ProviderName } from '../../domain/messages/platforms';
import { AppError } from '../../errors';
import { logger } from '../../observability/logger';
import { authFailureOf } from '../account-health/auth-failure';
import type { AccountHealthReporter } from '../account-health/ports';
import type { QueuePublisher } from '../queue/ports';
import { activeAccounts } from './active-accounts';
import type { ClaimingSocialAccountStore } from './claiming-account-store';
import type { SocialAccount, SocialAccountStore, SocialProvider } from './ports';

export interface CollectReport {
  provider: ProviderName;
  accounts: number;
  published: number;
  failed: number;
  correlationId: string;
}

/**
 * The scheduled collection of one provider: for every active account, ask the provider what is new since the
 * account's cursor, put it on the incomingMessages queue (the same queue the webhooks feed), and only then
 * store the new cursor — a failed publish leaves the cursor where it was, so the next run retries the same
 * items and the workflow's dedupe absorbs any that did get through. One failing account never stops the others;
 * one whose credentials stopped working goes to needs_reconnect. Only the account that owns its external account
 * (its claim) is collected, so accounts stored twice before claims existed never make two leads of one comment.
 * The same path backfills an account after a reconnect (source 'backfill').
 */
export class CollectorService {
  constructor(
    private readonly store: SocialAccountStore & Pick<ClaimingSocialAccountStore, 'ownerOf'>,
    private readonly provider: (name: ProviderName) => SocialProvider,
    private readonly publisher: () => QueuePublisher,
    private readonly health: Pick<AccountHealthReporter, 'markNeedsReconnect'>,
    readonly _now: () => Date = () => new Date(),
  ) {}

  async collect(name: ProviderName): Promise<CollectReport> {
    const correlationId = `collect-${name}-${randomUUID()}`;
    const report: CollectReport = { provider: name, accounts: 0, published: 0, failed: 0, correlationId };
    let provider: SocialProvider;
    try {
      provider = this.provider(name);
    } catch (error) {
      // A provider without keys on this deployment has nothing to collect; the schedule is not failing.
      if (error instanceof AppError && error.code === 'provider_not_configured') return report;
      throw error;
    }
    if (!provider.capabilities.collect) return report;
    for await (const account of activeAccounts(this.store, name)) {
      const owner = await this.store.ownerOf(account.platform, account.externalId);
      if (owner?.workspaceId !== account.workspaceId || owner.id !== account.id) {
        logger.warn('collection skipped: another account owns this external account', {
          accountId: account.id,
        });
        continue;
      }
      report.accounts += 1;
      try {
        report.published += await this.collectAccount(provider, account, correlationId);
      } catch {
        report.failed += 1;
      }
    }
    logger.info('collection finished', { ...report });
    return report;
  }

  /** Collects one account since its cursor; a failure is recorded on the account (auth → needs_reconnect) and rethrown. */
  async collectAccount(
    provider: SocialProvider,
    account: SocialAccount,
    correlationId: string,
    source: 'collector' | 'backfill' = 'collector',
  ): Promise<number> {
    try {
      return await this.collectOne(provider, account, correlationId, source);
    } catch (error) {
      await this.recordFailure(account, error);
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
      await this.publisher().publish(
        'incomingMessages',
        messages.map((body, index) => ({ id: `${account.id}-${index}`, body })),
      );
    const newest = messages.reduce<string | null>(
      (max, m) => (max && max > m.occurredAt ? max : m.occurredAt),
      null,
    );
    await this.store.update(account.workspaceId, account.id, {
      collectCursor: result.nextCursor,
      ...(newest && (!account.lastEventAt || newest > account.lastEventAt) ? { lastEventAt: newest } : {}),
      ...(account.lastError ? { lastError: null } : {}),
    });
    return messages.length;
  }

  private async recordFailure(account: SocialAccount, error: unknown): Promise<void> {
    const authFailure = authFailureOf(error);
    if (authFailure) {
      await this.health.markNeedsReconnect(account, authFailure);
      return;
    }
    // Throttling and quota are expected and clear up by themselves: logged, not shown as an account problem.
    if (error instanceof AppError && error.status === 429) {
      logger.info('collection deferred', { accountId: account.id, reason: error.message });
      return;
    }
    logger.error('collection failed', { accountId: account.id, error: error as Error });
    const reason =
      error instanceof AppError ? error.message : 'Collecting new interactions failed; it will be retried.';
    await this.store.update(account.workspaceId, account.id, { lastError: reason });
  }
}
