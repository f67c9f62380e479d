import { stageTable } from '../adapters/dynamo/client';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { ScenarioActionsSender } from '../services/engine/action-sender';
import { Sender } from '../services/engine/sender';
import { accountHealthService } from './account-health';
import { built } from './container';
import { notificationService } from './notifications';
import { socialProviders } from './providers';
import { quotaService } from './quota';
import { webhookEvents } from './webhooks';

/**
 * The send path (the Send step, the follow-up runner, a member's reply): send records, the quota, and the
 * providers, which reach the vault and the LinkedIn queue. Only the Lambdas that send import this module.
 */
export function sender(): Sender {
  return built(
    sender,
    () =>
      new Sender({
        records: new DynamoSendRecordStore(stageTable),
        quota: quotaService(),
        workspaces: new DynamoWorkspaceStore(stageTable),
        accounts: new DynamoSocialAccountStore(stageTable),
        provider: socialProviders(),
        health: accountHealthService(),
        notifications: notificationService(),
        events: webhookEvents(),
      }),
  );
}

/** A scenario's ordered actions (a public reply, then a private reply…), each under its own send record. */
export function scenarioActionsSender(): ScenarioActionsSender {
  return built(scenarioActionsSender, () => new ScenarioActionsSender(sender()));
}
