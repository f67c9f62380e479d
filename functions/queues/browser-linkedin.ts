import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { linkedInJobRefSchema } from '../../shared/domain/linkedin/jobs';
import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { linkedInProcessor } from '../../shared/wiring/linkedin-browser';

/**
 * The `browserLinkedIn` queue's consumer (batch size 1, ReportBatchItemFailures): a record whose job must be
 * retried is reported as failed so SQS redelivers only that one; a malformed body is dropped with a log line
 * because no retry can fix it.
 */
export const handler = lambdaEntry(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const ref = linkedInJobRefSchema.safeParse(body);
    if (!ref.success) {
      logger.error('Dropping a malformed browserLinkedIn message', { messageId: record.messageId });
      continue;
    }
    const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
    try {
      const outcome = await linkedInProcessor().process(ref.data, receiveCount);
      if (outcome === 'retry') batchItemFailures.push({ itemIdentifier: record.messageId });
    } catch (error) {
      logger.error('LinkedIn job failed unexpectedly', {
        jobId: ref.data.jobId,
        error: (error as Error).message,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
});
