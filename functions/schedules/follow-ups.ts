import { logger } from '../../shared/observability/logger';
import { countMetric, flushingMetrics, MetricName } from '../../shared/observability/metrics';
import type { FollowUpReport } from '../../shared/services/engine/follow-up-runner';
import { followUpRunner } from '../../shared/wiring/engine';

/**
 * Sends the answers the workflow decided to "follow up later" once they are due, through the same send path
 * (quota, exactly-once record) as the workflow. Runs every few minutes (infra/schedules.ts).
 */
export const handler = flushingMetrics(async (event: { limit?: number } = {}): Promise<FollowUpReport> => {
  const report = await followUpRunner().runDue(event.limit ?? 50);
  logger.info('follow-ups run', { ...report });
  countMetric(MetricName.FollowUpsSent, report.sent);
  return report;
});
