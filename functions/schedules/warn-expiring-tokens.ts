import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import type { SocialAccount } from '../../shared/services/social/ports';
import { accountHealthService } from '../../shared/wiring/account-health';
import { socialProviders } from '../../shared/wiring/providers';

/** Whether the refresh-tokens schedule renews this account's token (its provider is configured and can). */
function renewsAutomatically(account: SocialAccount): boolean {
  try {
    const provider = socialProviders()(account.provider);
    return typeof provider.refreshCredentials === 'function' && provider.renews?.(account) !== false;
  } catch {
    return false;
  }
}

/** Schedule: warn workspaces 7 days before a connection we cannot renew stops working. */
export const handler = lambdaEntry(async (): Promise<{ warned: number }> => {
  const warned = await accountHealthService().warnExpiringTokens(renewsAutomatically);
  logger.info('expiry warnings sent', { warned });
  return { warned };
});
