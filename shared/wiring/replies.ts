import { RuleBasedAiEngine } from '../services/ai/rule-engine';
import { conversationHistory } from '../services/conversations/conversation-history';
import { ReplyWriter } from '../services/engine/reply-writer';
import { aiEngine } from './ai';
import { built } from './container';
import { conversationStore } from './conversations';
import { knowledgeStore } from './knowledge';
import { retentionPolicy } from './retention';

/** The GenerateReply step (and the follow-up runner): the AI engine, the knowledge base, the conversation. */
export function replyWriter(): ReplyWriter {
  return built(
    replyWriter,
    () =>
      new ReplyWriter(
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
      ),
  );
}
