import { DynamoConversationStore } from '../adapters/dynamo/conversation-store';
import { AutomationGate } from '../services/conversations/automation-gate';

let gate: AutomationGate | undefined;

/** The bot pause / opt-out gate, shared by the Decide step and the follow-up runner. */
export const automationGate = (): AutomationGate => {
  gate ??= new AutomationGate(new DynamoConversationStore());
  return gate;
};
