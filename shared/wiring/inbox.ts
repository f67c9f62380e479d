import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { config } from '../config';
import { ConversationService } from '../services/conversations/conversation-service';
import { automationGate, conversationStore } from './conversations';
import { sender } from './engine';
import { retentionPolicy } from './retention';

let service: ConversationService | undefined;

/**
 * The inbox routes' service. Its own module (not conversations.ts) because a human reply uses the engine's
 * sender, and the engine uses the automation gate: this keeps the wiring free of cycles.
 */
export const conversationService = (): ConversationService => {
  service ??= new ConversationService({
    leads: new DynamoLeadWriter(stageTable),
    store: conversationStore(),
    gate: automationGate(),
    sender: sender(),
    records: new DynamoSendRecordStore(stageTable),
    members: new DynamoWorkspaceStore(stageTable),
    humanAgentEnabled: config().META_HUMAN_AGENT_ENABLED === '1',
    retention: retentionPolicy(),
  });
  return service;
};
