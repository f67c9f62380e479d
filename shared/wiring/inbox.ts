import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { ConversationService } from '../services/conversations/conversation-service';
import { built } from './container';
import { automationGate, conversationStore } from './conversations';
import { retentionReads } from './retention';

/** The inbox's reads and bot controls (list, get, update, pause, resume): the table only, no send path. */
export function conversationService(): ConversationService {
  return built(
    conversationService,
    () =>
      new ConversationService({
        leads: new DynamoLeadWriter(stageTable),
        store: conversationStore(),
        gate: automationGate(),
        members: new DynamoWorkspaceStore(stageTable),
        retention: retentionReads(),
      }),
  );
}
