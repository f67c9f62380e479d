import { logger } from '../../shared/observability/logger';
import { crmRetryRunner } from '../../shared/wiring/crm';

/**
 * Every few minutes: syncs the (lead, CRM) pairs whose earlier sync failed or never finished (the CRM outbox).
 * Each run takes a bounded batch; what it cannot finish stays in the outbox for the next run.
 */
export async function handler(event: { limit?: number } = {}) {
  const result = await crmRetryRunner().retryDue(event.limit ?? 100);
  logger.info('crm sync retry', result);
  return result;
}
