import { DynamoFunnelStore, DynamoTouchStore } from '../adapters/dynamo/analytics-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { AnalyticsService } from '../services/analytics/analytics-service';
import { FunnelRecorder } from '../services/analytics/funnel-recorder';

let recorder: FunnelRecorder | undefined;
let service: AnalyticsService | undefined;

/** The funnel counters the workflow, the follow-ups schedule and lead edits keep (GET /analytics/*). */
export function funnelRecorder(): FunnelRecorder {
  recorder ??= new FunnelRecorder(
    new DynamoFunnelStore(stageTable),
    new DynamoTouchStore(stageTable, new DynamoDeliveryStore(stageTable)),
  );
  return recorder;
}

export function analyticsService(): AnalyticsService {
  service ??= new AnalyticsService(new DynamoFunnelStore(stageTable), new DynamoScenarioStore(stageTable));
  return service;
}
