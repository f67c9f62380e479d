import { DynamoFunnelStore, DynamoTouchStore } from '../adapters/dynamo/analytics-store';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoFollowUpStore } from '../adapters/dynamo/follow-up-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { FunnelSends } from '../services/analytics/funnel-sends';
import { FollowUpRunner } from '../services/engine/follow-up-runner';
import { LeadDeliveryRecorder } from '../services/engine/lead-delivery';
import { built } from './container';
import { automationGate, conversationStore } from './conversations';
import { planChecker } from './plans';
import { replyWriter } from './replies';
import { sender } from './sender';

/** The follow-ups schedule: the deferred answers, through the same plan check, writer and send path. */
export function followUpRunner(): FollowUpRunner {
  return built(
    followUpRunner,
    () =>
      new FollowUpRunner({
        followUps: new DynamoFollowUpStore(stageTable),
        plans: planChecker(),
        replies: replyWriter(),
        sender: sender(),
        outcomes: leadDeliveries(),
        gate: automationGate(),
        funnel: funnelSends(),
        scenarios: new DynamoScenarioStore(stageTable),
        threads: conversationStore(),
      }),
  );
}

/**
 * The funnel's send counts alone: the counters analytics.ts's funnelRecorder keeps, without its reading of a
 * person's message. Built here, not there, so this Lambda imports neither FunnelRecorder nor the phone detector
 * (libphonenumber's metadata) it reads messages with.
 */
export function funnelSends(): FunnelSends {
  return built(
    funnelSends,
    () =>
      new FunnelSends(
        new DynamoFunnelStore(stageTable),
        new DynamoTouchStore(stageTable, new DynamoDeliveryStore(stageTable)),
      ),
  );
}

/** What a send did to the lead: the part of lead-outcomes.ts's recorder a follow-up needs, without its funnel. */
export function leadDeliveries(): LeadDeliveryRecorder {
  return built(leadDeliveries, () => new LeadDeliveryRecorder(new DynamoLeadWriter(stageTable)));
}
