import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { type BatchLimit, batchLimit } from '../../shared/schemas/schedules';
import { webhookDispatcher } from '../../shared/wiring/webhooks';

/**
 * Every minute: sends the outbound webhook deliveries that are due (new ones and retries), a bounded batch per
 * run from the due-time index; what it cannot reach stays due for the next run.
 */
export const handler = lambdaEntry(
  async ({ limit }: BatchLimit) => {
    const result = await webhookDispatcher().runDue(limit ?? 100);
    logger.info('webhook deliveries', { ...result });
    return result;
  },
  { input: batchLimit },
);
