import { DynamoFunnelStore, DynamoTouchStore } from '../adapters/dynamo/analytics-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { AnalyticsService } from '../services/analytics/analytics-service';
import { FunnelCredits } from '../services/analytics/funnel-credits';
import { FunnelRecorder } from '../services/analytics/funnel-recorder';
import { built } from './container';

/** The funnel counters the workflow and the follow-ups schedule keep (GET /analytics/*). */
export function funnelRecorder(): FunnelRecorder {
  return built(
    funnelRecorder,
    () =>
      new FunnelRecorder(
        new DynamoFunnelStore(stageTable),
        new DynamoTouchStore(stageTable, new DynamoDeliveryStore(stageTable)),
      ),
  );
}

/** The won credit alone (PATCH /leads/{id}): the same counters, without the workflow's reading of messages. */
export function funnelCredits(): FunnelCredits {
  return built(
    funnelCredits,
    () =>
      new FunnelCredits(
        new DynamoFunnelStore(stageTable),
        new DynamoTouchStore(stageTable, new DynamoDeliveryStore(stageTable)),
      ),
  );
}

export function analyticsService(): AnalyticsService {
  return built(
    analyticsService,
    () => new AnalyticsService(new DynamoFunnelStore(stageTable), new DynamoScenarioStore(stageTable)),
  );
}
