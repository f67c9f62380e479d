import { randomUUID } from 'node:crypto';
import { logger } from '../../shared/observability/logger';
import { socialProvider } from '../../shared/wiring/providers';
import { accountCollector } from '../../shared/wiring/social-accounts';

/** EventBridge schedule (every 10 minutes): new Instagram comments and Meta DMs of every active account. */
export async function handler(): Promise<{ accounts: number; published: number; failed: number }> {
  const correlationId = `collect-meta-${randomUUID()}`;
  logger.appendKeys({ correlation_id: correlationId });
  try {
    const report = await accountCollector().collectAll(socialProvider('meta'), correlationId);
    logger.info('meta collection done', { ...report });
    return report;
  } finally {
    logger.removeKeys(['correlation_id']);
  }
}
