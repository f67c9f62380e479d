import { lambdaEntry } from '../../shared/entry/entry';
import { logger } from '../../shared/observability/logger';
import { countMetric, MetricName } from '../../shared/observability/metrics';
import { type BatchLimit, batchLimit } from '../../shared/schemas/schedules';
import { followUpRunner } from '../../shared/wiring/follow-ups';

/**
 * Sends the answers the workflow decided to "follow up later" and the due steps of scenarios' follow-up
 * sequences, through the same send path (window, quota, exactly-once record) as the workflow. Runs every few
 * minutes (infra/schedules.ts).
 */
export const handler = lambdaEntry(
  async ({ limit }: BatchLimit) => {
    const report = await followUpRunner().runDue(limit ?? 50);
    logger.info('follow-ups run', { ...report });
    countMetric(MetricName.FollowUpsSent, report.sent);
    return report;
  },
  { input: batchLimit },
);
