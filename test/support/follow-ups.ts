import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoFollowUpStore } from '../../shared/adapters/dynamo/follow-up-store';
import { DynamoScenarioStore } from '../../shared/adapters/dynamo/scenario-store';
import { DynamoSendRecordStore } from '../../shared/adapters/dynamo/send-record-store';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { DynamoWorkspaceStore } from '../../shared/adapters/dynamo/workspace-store';
import { FollowUpRunner } from '../../shared/services/engine/follow-up-runner';
import { Sender } from '../../shared/services/engine/sender';
import { funnelRecorder } from '../../shared/wiring/analytics';
import { automationGate, conversationStore } from '../../shared/wiring/conversations';
import { leadOutcomes } from '../../shared/wiring/lead-outcomes';
import { planChecker } from '../../shared/wiring/plans';
import { socialProviders } from '../../shared/wiring/providers';
import { quotaService } from '../../shared/wiring/quota';
import { replyWriter } from '../../shared/wiring/replies';

/**
 * The follow-ups schedule's runner as shared/wiring/follow-ups.ts builds it, with the runner and its Sender on the
 * test's clock (the time a step is due and the window the Sender checks), so "X hours later" is a clock value,
 * never a sleep.
 */
export function followUpRunnerAt(now: () => Date): FollowUpRunner {
  return new FollowUpRunner({
    followUps: new DynamoFollowUpStore(stageTable),
    plans: planChecker(),
    replies: replyWriter(),
    sender: new Sender({
      records: new DynamoSendRecordStore(stageTable),
      quota: quotaService(),
      workspaces: new DynamoWorkspaceStore(stageTable),
      accounts: new DynamoSocialAccountStore(stageTable),
      provider: socialProviders(),
      now,
    }),
    outcomes: leadOutcomes(),
    gate: automationGate(),
    funnel: funnelRecorder(),
    scenarios: new DynamoScenarioStore(stageTable),
    threads: conversationStore(),
    now,
  });
}
