import { DynamoDeliveryStore } from '../adapters/dynamo/delivery-store';
import { DynamoFollowUpStore } from '../adapters/dynamo/follow-up-store';
import { DynamoInteractionStore } from '../adapters/dynamo/interaction-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { DynamoSocialAccountStore } from '../adapters/dynamo/social-account-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { conversationHistory } from '../services/conversations/conversation-history';
import { InboxRecorder } from '../services/conversations/inbox-recorder';
import { PageEchoRecorder } from '../services/conversations/page-echo-recorder';
import { FollowUpRunner } from '../services/engine/follow-up-runner';
import { InteractionLogger } from '../services/engine/interaction-logger';
import { LeadOutcomeRecorder } from '../services/engine/lead-outcome';
import { PlanChecker } from '../services/engine/plan-checker';
import { ReplyWriter } from '../services/engine/reply-writer';
import { Sender } from '../services/engine/sender';
import { accountHealthService } from './account-health';
import { aiEngine } from './ai';
import { automationGate, conversationStore } from './conversations';
import { knowledgeStore } from './knowledge';
import { notificationService } from './notifications';
import { socialProvider } from './providers';
import { quotaService } from './quota';
import { webhookEvents } from './webhooks';

/**
 * Composition root of the message-processing engine: each service built once per container with its real
 * adapters. Providers and the AI engine are looked up through their own registries on every use, so a test or
 * the local stage that registers a provider later is honoured.
 */
let built:
  | {
      logger: InteractionLogger;
      plans: PlanChecker;
      replies: ReplyWriter;
      sender: Sender;
      outcomes: LeadOutcomeRecorder;
      followUps: FollowUpRunner;
    }
  | undefined;

function engine() {
  if (!built) {
    const interactions = new DynamoInteractionStore();
    const leads = new DynamoLeadWriter();
    const workspaces = new DynamoWorkspaceStore();
    const accounts = new DynamoSocialAccountStore();
    const followUpStore = new DynamoFollowUpStore();
    const plans = new PlanChecker(workspaces, accounts, quotaService());
    const replies = new ReplyWriter(
      { generateReply: (input) => aiEngine().generateReply(input) },
      new RuleBasedAiEngine(),
      (workspaceId) => knowledgeStore().get(workspaceId),
      (workspaceId, leadId, before) => conversationHistory(conversationStore(), workspaceId, leadId, before),
    );
    const sender = new Sender({
      records: new DynamoSendRecordStore(),
      quota: quotaService(),
      workspaces,
      accounts,
      provider: socialProvider,
      health: accountHealthService(),
      notifications: notificationService(),
      events: webhookEvents(),
    });
    const outcomes = new LeadOutcomeRecorder(interactions, leads, followUpStore);
    built = {
      logger: new InteractionLogger(
        interactions,
        leads,
        webhookEvents(),
        () => new Date(),
        new InboxRecorder(conversationStore()),
        new PageEchoRecorder({
          sends: new DynamoDeliveryStore(),
          gate: automationGate(),
          store: conversationStore(),
        }),
      ),
      plans,
      replies,
      sender,
      outcomes,
      followUps: new FollowUpRunner({
        followUps: followUpStore,
        plans,
        replies,
        sender,
        outcomes,
        gate: automationGate(),
      }),
    };
  }
  return built;
}

export { scenarioService } from './scenarios';
export const interactionLogger = () => engine().logger;
export const planChecker = () => engine().plans;
export const replyWriter = () => engine().replies;
export const sender = () => engine().sender;
export const leadOutcomes = () => engine().outcomes;
export const followUpRunner = () => engine().followUps;
