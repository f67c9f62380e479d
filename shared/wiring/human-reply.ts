import { stageTable } from '../adapters/dynamo/client';
import { DynamoLeadWriter } from '../adapters/dynamo/lead-writer';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { HumanReplyService } from '../services/conversations/human-reply-service';
import { built } from './container';
import { automationGate, conversationStore } from './conversations';
import { sender } from './sender';

/** A member's reply: through the engine's Sender, the workflow's own send path. */
export function humanReplyService(): HumanReplyService {
  return built(
    humanReplyService,
    (config) =>
      new HumanReplyService({
        leads: new DynamoLeadWriter(stageTable),
        store: conversationStore(),
        gate: automationGate(),
        sender: sender(),
        records: new DynamoSendRecordStore(stageTable),
        humanAgentEnabled: config.META_HUMAN_AGENT_ENABLED === '1',
      }),
  );
}
