import { logger } from '../../shared/observability/logger';
import { webhookDispatcher } from '../../shared/wiring/webhooks';

/**
 * Every minute: sends the outbound webhook deliveries that are due (new ones and retries), a bounded batch per
 * run from the due-time index; what it cannot reach stays due for the next run.
 */
export async function handler(event: { limit?: number } = {}) {
  const result = await webhookDispatcher().runDue(event.limit ?? 100);
  logger.info('webhook deliveries', { ...result });
  return result;
}
