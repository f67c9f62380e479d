import { stageTable } from '../adapters/dynamo/client';
import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoFollowUpStore } from '../adapters/dynamo/follow-up-store';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoScenarioStore } from '../adapters/dynamo/scenario-store';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { conversationHistory } from '../services/conversations/conversation-history';
import { InboxRecorder } from '../services/conversations/inbox-recorder';
import { PageEchoRecorder } from '../services/conversations/page-echo-recorder';
import { ScenarioActionsSender } from '../services/engine/action-sender';
import { FollowUpRunner } from '../services/engine/follow-up-runner';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { LeadOutcomeRecorder } from '../services/engine/lead-outcome';
import { PlanChecker } from '../services/engine/plan-checker';
import { ReplyWriter } from '../services/engine/reply-writer';
import { Sender } from '../services/engine/sender';
import { accountHealthService } from './account-health';
import { aiEngine } from './ai';
import { funnelRecorder } from './analytics';
import { automationGate, conversationStore } from './conversations';
import { knowledgeStore } from './knowledge';
import { notificationService } from './notifications';
import { socialProviders } from './providers';
import { quotaService } from './quota';
import { retentionPolicy } from './retention';
import { webhookEvents } from './webhooks';

/**
 * Composition root of the message-processing engine: each service built once per container with its real
 * adapters, each on first use and alone, so a step's bundle holds only the graph it calls (the LogInteraction step
 * never builds the Sender, whose providers reach the vault and the LinkedIn queue: see infra/resource-needs.ts).
 * Providers and the AI engine are looked up through their own registries on every use, so a test or the local
 * stage that registers a provider later is honoured.
 */
let workspaces: DynamoWorkspaceStore | undefined;
let accounts: DynamoSocialAccountStore | undefined;
let followUpStore: DynamoFollowUpStore | undefined;
let logger: InteractionLogger | undefined;
let plans: PlanChecker | undefined;
let replies: ReplyWriter | undefined;
let senderService: Sender | undefined;
let actions: ScenarioActionsSender | undefined;
let outcomes: LeadOutcomeRecorder | undefined;
let followUps: FollowUpRunner | undefined;

function stores() {
  workspaces ??= new DynamoWorkspaceStore(stageTable);
  accounts ??= new DynamoSocialAccountStore(stageTable);
  followUpStore ??= new DynamoFollowUpStore(stageTable);
  return { workspaces, accounts, followUpStore };
}

export { scenarioService } from './scenarios';

export function interactionLogger(): InteractionLogger {
  logger ??= new InteractionLogger(
    new DynamoInteractionStore(stageTable, retentionPolicy()),
    new DynamoLeadWriter(stageTable),
    webhookEvents(),
    () => new Date(),
    new InboxRecorder(conversationStore()),
    new PageEchoRecorder({
      sends: new DynamoDeliveryStore(stageTable),
      gate: automationGate(),
      store: conversationStore(),
    }),
    notificationService(),
  );
  return logger;
}

export function planChecker(): PlanChecker {
  plans ??= new PlanChecker(stores().workspaces, stores().accounts, quotaService());
  return plans;
}

export function replyWriter(): ReplyWriter {
  replies ??= new ReplyWriter(
    {
      generateReply: (input) => aiEngine().generateReply(input),
      generateFollowUp: (input) => aiEngine().generateFollowUp(input),
    },
    new RuleBasedAiEngine(),
    (workspaceId) => knowledgeStore().get(workspaceId),
    async (workspaceId, leadId, before) =>
      conversationHistory(
        conversationStore(),
        workspaceId,
        leadId,
        before,
        await retentionPolicy().cutoff(workspaceId),
      ),
  );
  return replies;
}

export function sender(): Sender {
  senderService ??= new Sender({
    records: new DynamoSendRecordStore(stageTable),
    quota: quotaService(),
    workspaces: stores().workspaces,
    accounts: stores().accounts,
    provider: socialProviders(),
    health: accountHealthService(),
    notifications: notificationService(),
    events: webhookEvents(),
  });
  return senderService;
}

/** A scenario's ordered actions (a public reply, then a private reply…), each under its own send record. */
export function scenarioActionsSender(): ScenarioActionsSender {
  actions ??= new ScenarioActionsSender(sender());
  return actions;
}

export function leadOutcomes(): LeadOutcomeRecorder {
  outcomes ??= new LeadOutcomeRecorder(
    new DynamoInteractionStore(stageTable, retentionPolicy()),
    new DynamoLeadWriter(stageTable),
    stores().followUpStore,
    () => new Date(),
    funnelRecorder(),
  );
  return outcomes;
}

export function followUpRunner(): FollowUpRunner {
  followUps ??= new FollowUpRunner({
    followUps: stores().followUpStore,
    plans: planChecker(),
    replies: replyWriter(),
    sender: sender(),
    outcomes: leadOutcomes(),
    gate: automationGate(),
    funnel: funnelRecorder(),
    scenarios: new DynamoScenarioStore(stageTable),
    threads: conversationStore(),
  });
  return followUps;
}
