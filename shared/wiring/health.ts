import { stageTable } from '../adapters/dynamo/client';
import { tableHealthCheck } from '../adapters/dynamo/table-health';
import { config } from '../config';
import { HealthService } from '../services/health/health-service';
import { dependencyHealthChecks, queueHealthChecks } from '../services/operations/operations-status-service';
import { built } from './container';
import { queueStatsSource } from './operations';

export function healthService(): HealthService {
  return built(healthService, () => {
    const c = config();
    return new HealthService([
      tableHealthCheck(stageTable),
      ...queueHealthChecks(queueStatsSource()),
      ...dependencyHealthChecks({
        meta: Boolean(c.META_APP_ID && c.META_APP_SECRET),
        tiktok: Boolean(
          (c.TIKTOK_BUSINESS_APP_ID && c.TIKTOK_BUSINESS_SECRET) ||
            (c.TIKTOK_CLIENT_KEY && c.TIKTOK_CLIENT_SECRET),
        ),
        google: Boolean(c.GOOGLE_CLIENT_ID && c.GOOGLE_CLIENT_SECRET),
        openai: Boolean(c.OPENAI_API_KEY),
        stripe: Boolean(c.STRIPE_SECRET_KEY && c.STRIPE_WEBHOOK_SECRET),
      }),
    ]);
  });
}
