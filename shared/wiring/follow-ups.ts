import { stageTable } from '../adapters/dynamo/client';
import { DynamoFollowUpStore } from '../adapters/dynamo/follow-up-store';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { FollowUpRunner } from '../services/engine/follow-up-runner';
import { funnelRecorder } from './analytics';
import { built } from './container';
import { automationGate, conversationStore } from './conversations';
import { leadOutcomes } from './lead-outcomes';
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
        outcomes: leadOutcomes(),
        gate: automationGate(),
        funnel: funnelRecorder(),
        scenarios: new DynamoScenarioStore(stageTable),
        threads: conversationStore(),
      }),
  );
}
