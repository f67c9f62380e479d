import { stageTable } from '../adapters/dynamo/client';
import { DynamoConversationStore } from '../adapters/dynamo/conversation-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { AutomationGate } from '../services/conversations/automation-gate';
import { built } from './container';
import { webhookEvents } from './webhooks';

/** The conversation items: bot state (the gate's) and the inbox's fields and list views. */
export function conversationStore(): DynamoConversationStore {
  return built(conversationStore, () => new DynamoConversationStore(stageTable));
}

/** The bot pause / opt-out gate, shared by the Decide step, the follow-up runner and the inbox. */
export function automationGate(): AutomationGate {
  return built(automationGate, () => {
    const workspaces = new DynamoWorkspaceStore(stageTable);
    return new AutomationGate(
      conversationStore(),
      webhookEvents(),
      () => new Date(),
      async (workspaceId) => (await workspaces.getWorkspace(workspaceId))?.botAutoResumeHours ?? null,
    );
  });
}
