import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { type BatchLimit, batchLimit } from '../../shared/schemas/schedules';
import { crmRetryRunner } from '../../shared/wiring/crm';

/**
 * Every few minutes: syncs the (lead, CRM) pairs whose earlier sync failed or never finished (the CRM outbox).
 * Each run takes a bounded batch; what it cannot finish stays in the outbox for the next run.
 */
export const handler = lambdaEntry(
  async ({ limit }: BatchLimit) => {
    const result = await crmRetryRunner().retryDue(limit ?? 100);
    logger.info('crm sync retry', result);
    return result;
  },
  { input: batchLimit },
);
