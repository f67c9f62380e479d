import { stageTable } from '../adapters/dynamo/client';
import { DynamoConversationStore } from '../adapters/dynamo/conversation-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { AutomationGate } from '../services/conversations/automation-gate';
import { webhookEvents } from './webhooks';

let store: DynamoConversationStore | undefined;
let gate: AutomationGate | undefined;

/** The conversation items: bot state (the gate's) and the inbox's fields and list views. */
export const conversationStore = (): DynamoConversationStore => {
  store ??= new DynamoConversationStore(stageTable);
  return store;
};

/** The bot pause / opt-out gate, shared by the Decide step and the follow-up runner. */
export const automationGate = (): AutomationGate => {
  const workspaces = new DynamoWorkspaceStore(stageTable);
  gate ??= new AutomationGate(
    conversationStore(),
    webhookEvents(),
    () => new Date(),
    async (workspaceId) => (await workspaces.getWorkspace(workspaceId))?.botAutoResumeHours ?? null,
  );
  return gate;
};
