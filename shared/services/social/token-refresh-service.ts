import type { ProviderName } from '../../domain/messages/platforms';
import { AppError } from '../../errors';
import { logger } from '../../observability/logger';
import { authFailureOf } from '../account-health/auth-failure';
import type { AccountHealthReporter } from '../account-health/ports';
import { activeAccounts } from './active-accounts';
import type { SocialAccountStore, SocialProvider } from './ports';

export interface RefreshReport {
  checked: number;
  refreshed: number;
  needsReconnect: number;
  failed: number;
}

/**
 * The scheduled token refresh: every active account whose access token expires within the margin is refreshed
 * by its provider (any provider whose SocialProvider has refreshCredentials and renews that account), or when
 * the provider's own `refreshDue` says so. When the provider refuses the
 * grant, the account moves to needs_reconnect with the reason in plain words; other failures are left for the
 * next run, which comes well before expiry because the margin exceeds the schedule's period.
 */
export class TokenRefreshService {
  constructor(
    private readonly store: SocialAccountStore,
    private readonly provider: (name: ProviderName) => SocialProvider,
    private readonly marginMs: number,
    /** A refused grant (Meta 190, Google invalid_grant, TikTok invalid refresh token) → needs_reconnect. */
    private readonly health: Pick<AccountHealthReporter, 'markNeedsReconnect'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async refreshExpiring(): Promise<RefreshReport> {
    const report: RefreshReport = { checked: 0, refreshed: 0, needsReconnect: 0, failed: 0 };
    const now = this.now();
    const deadline = now.getTime() + this.marginMs;
    for await (const account of activeAccounts(this.store)) {
      if (!account.tokenExpiresAt) continue;
      const provider = this.providerOrUndefined(account.provider);
      if (!provider?.refreshCredentials || provider.renews?.(account) === false) continue;
      // A provider may renew on its own schedule (Meta's Instagram Login tokens: 24 h old, 30 days left).
      const due = provider.refreshDue
        ? provider.refreshDue(account, now)
        : Date.parse(account.tokenExpiresAt) <= deadline;
      if (!due) continue;
      report.checked += 1;
      try {
        await provider.refreshCredentials(account);
        report.refreshed += 1;
      } catch (error) {
        const authFailure = authFailureOf(error);
        if (authFailure) {
          report.needsReconnect += 1;
          await this.health.markNeedsReconnect(account, authFailure);
        } else {
          report.failed += 1;
          logger.warn('token refresh failed; retried next run', {
            accountId: account.id,
            error: error as Error,
          });
        }
      }
    }
    logger.info('token refresh finished', { ...report });
    return report;
  }

  /** A provider without keys on this deployment is skipped, not an error of the job. */
  private providerOrUndefined(name: ProviderName): SocialProvider | undefined {
    try {
      return this.provider(name);
    } catch (error) {
      if (error instanceof AppError && error.code === 'provider_not_configured') return undefined;
      throw error;
    }
  }
}
