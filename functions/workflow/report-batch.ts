import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { countMetric, MetricName } from '../../shared/observability/metrics';

interface ItemResult {
  messageId: string;
  failed: boolean;
  error?: string;
  cause?: string;
}

/**
 * The pipe's partial-batch contract: only the items listed in batchItemFailures return to the queue (and, after
 * maxReceiveCount, to its DLQ). The cause of each is logged with the message id, so a DLQ message can be
 * traced back to why it failed.
 */
export const handler = lambdaEntry(
  async (items: ItemResult[]): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> => {
    const failed = items.filter((item) => item.failed);
    for (const item of failed) {
      logger.error('message failed in the workflow', {
        messageId: item.messageId,
        error: item.error,
        cause: item.cause,
      });
      countMetric(MetricName.MessagesFailed);
    }
    return { batchItemFailures: failed.map((item) => ({ itemIdentifier: item.messageId })) };
  },
);
