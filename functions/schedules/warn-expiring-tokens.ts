import { logger } from '../../shared/observability/logger';
import { accountHealthService } from '../../shared/wiring/account-health';

/** Schedule: warn workspaces 7 days before a connection we cannot renew stops working. */
export async function handler(): Promise<{ warned: number }> {
  const warned = await accountHealthService().warnExpiringTokens();
  logger.info('expiry warnings sent', { warned });
  return { warned };
}
