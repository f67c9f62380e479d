import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { type BatchLimit, batchLimit } from '../../shared/schemas/schedules';
import { crmRetryRunner } from '../../shared/wiring/crm';

/**
 * Every few minutes: removes the CRM records of erased contacts that DELETE /leads/{id} queued, then syncs the
 * (lead, CRM) pairs whose earlier sync failed or never finished (the CRM outbox). Each run takes a bounded batch
 * of each; what it cannot finish stays queued for the next run.
 */
export const handler = lambdaEntry(
  async ({ limit }: BatchLimit) => {
    const runner = crmRetryRunner();
    const erasures = await runner.eraseDue(limit ?? 100);
    const result = { ...(await runner.retryDue(limit ?? 100)), erasures };
    logger.info('crm sync retry', result);
    return result;
  },
  { input: batchLimit },
);
