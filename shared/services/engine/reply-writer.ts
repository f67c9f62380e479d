import type { Knowledge } from '../../domain/knowledge/knowledge';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { fitReply, replyLimit } from '../../domain/messages/reply-limits';
import { renderTemplate } from '../../domain/scenarios/template';
import { logger } from '../../observability/logger';
import type { AiEngine, AiResult, ConversationTurn } from '../ai/ports';
import type { WrittenReply } from './workflow-state';

const written = (reply: AiResult<string>): WrittenReply => ({
  text: reply.value,
  source: reply.source,
  ...(reply.handover ? { handover: true } : {}),
});

export interface ReplyRequest {
  message: IncomingMessage;
  scenario: { name: string; message: string | null };
  /** The plan allows AI-written replies; otherwise the rule engine writes them. */
  aiAllowed: boolean;
  /** The conversation the message belongs to (its lead): its earlier messages go to the prompt. */
  leadId?: string;
}

/** The conversation before a message, oldest first; `truncated`: older messages were not loaded. */
export type HistoryLoader = (
  workspaceId: string,
  leadId: string,
  before: string,
) => Promise<{ turns: ConversationTurn[]; truncated: boolean }>;

/**
 * Writes the outgoing text: the scenario's template when it has one, the AI engine with the scenario as its
 * instruction otherwise, and the rule engine when the plan has no AI or the AI engine fails.
 */
export class ReplyWriter {
  constructor(
    private readonly ai: Pick<AiEngine, 'generateReply'>,
    private readonly rules: Pick<AiEngine, 'generateReply'>,
    /** The workspace's knowledge base (prices, FAQ…), the only facts a reply may state; absent: none. */
    private readonly knowledge?: (workspaceId: string) => Promise<Knowledge | null>,
    /** The conversation's earlier messages (the inbox thread); absent: the prompt has no memory. */
    private readonly history?: HistoryLoader,
  ) {}

  /** Every written text fits the platform's limit (domain/messages/reply-limits), templates included. */
  async write(request: ReplyRequest): Promise<WrittenReply> {
    const reply = await this.compose(request);
    const limit = replyLimit(request.message.platform, request.message.kind);
    return { ...reply, text: fitReply(reply.text, limit) };
  }

  private async compose(request: ReplyRequest): Promise<WrittenReply> {
    const { message, scenario } = request;
    if (scenario.message !== null)
      return { text: renderTemplate(scenario.message, message.author), source: 'template' };
    const input = {
      workspaceId: message.workspaceId,
      platform: message.platform,
      kind: message.kind,
      text: message.text,
      authorName: message.author.displayName ?? message.author.username,
      instruction: scenario.name,
      knowledge: (await this.knowledge?.(message.workspaceId)) ?? null,
      ...(await this.memory(request)),
    };
    if (request.aiAllowed) {
      try {
        const reply = await this.ai.generateReply(input);
        if (reply.value.trim() !== '') return written(reply);
      } catch (error) {
        logger.warn('AI reply failed: the rule engine answers', { error: error as Error });
      }
    }
    return written({ ...(await this.rules.generateReply(input)), source: 'rules' });
  }

  /** Memory is a help, not a need: a thread that cannot be read leaves the reply without it. */
  private async memory(request: ReplyRequest) {
    if (!this.history || !request.leadId || !request.aiAllowed) return {};
    const { workspaceId, occurredAt } = request.message;
    try {
      const { turns, truncated } = await this.history(workspaceId, request.leadId, occurredAt);
      return { history: turns, historyTruncated: truncated };
    } catch (error) {
      logger.warn('Conversation history unavailable: the reply is written without it', {
        error: error as Error,
      });
      return {};
    }
  }
}
