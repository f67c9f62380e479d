import { DynamoConversationStore } from '../adapters/dynamo/conversation-store';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { AutomationGate } from '../services/conversations/automation-gate';
import { ConversationService } from '../services/conversations/conversation-service';
import { webhookEvents } from './webhooks';

let gate: AutomationGate | undefined;
let service: ConversationService | undefined;

/** The bot pause / opt-out gate, shared by the Decide step and the follow-up runner. */
export const automationGate = (): AutomationGate => {
  gate ??= new AutomationGate(new DynamoConversationStore(), webhookEvents());
  return gate;
};

export const conversationService = (): ConversationService => {
  service ??= new ConversationService(new DynamoLeadWriter(), automationGate());
  return service;
};
