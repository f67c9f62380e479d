import type { StepDecision } from '../../domain/decisions/decide';
import type { Knowledge } from '../../domain/knowledge/knowledge';
import { replyLanguage } from '../../domain/language/language';
import { leadIdOf } from '../../domain/leads/lead';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { fitReply, replyLimit } from '../../domain/messages/reply-limits';
import { assignVariant } from '../../domain/scenarios/ab-test';
import {
  type AbVariant,
  type CardElement,
  pickWording,
  type ScenarioStep,
} from '../../domain/scenarios/actions';
import { renderTemplate } from '../../domain/scenarios/template';
import { logger } from '../../observability/logger';
import type { AiEngine, AiResult, ConversationTurn, FollowUpInput } from '../ai/ports';
import type { WrittenReply } from './workflow-state';

const written = (reply: AiResult<string>): WrittenReply => ({
  text: reply.value,
  source: reply.source,
  ...(reply.handover ? { handover: true } : {}),
});

export interface ReplyRequest {
  message: IncomingMessage;
  /**
   * The scenario (its name is the AI's instruction) and the action being written: its template and other
   * wordings, or the cards that carry its words.
   */
  scenario: {
    /** The scenario's id: an A/B-tested DM's version is chosen by it and the lead. */
    id?: string;
    name: string;
    message: string | null;
    variants?: string[];
    abVariants?: AbVariant[];
    elements?: CardElement[];
  };
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
    private readonly ai: Pick<AiEngine, 'generateReply' | 'generateFollowUp'>,
    private readonly rules: Pick<AiEngine, 'generateReply' | 'generateFollowUp'>,
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
    if (scenario.elements && scenario.elements.length > 0)
      return { text: scenario.elements.map((card) => card.title).join(' | '), source: 'template' };
    const versions = scenario.abVariants ?? [];
    if (versions.length > 0 && scenario.id) {
      // The lead's A/B version (ab-test.ts): the same for every message of this lead, counted under its id.
      const lead = leadIdOf(message.workspaceId, message.platform, message.author.platformUserId);
      const version = assignVariant(versions, scenario.id, lead);
      return { text: renderTemplate(version.message, message.author), source: 'template' };
    }
    if (scenario.message !== null) {
      const wording = pickWording(scenario.message, scenario.variants ?? [], message.dedupeKey);
      return { text: renderTemplate(wording, message.author), source: 'template' };
    }
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

  /**
   * The words of every action the decision sends now, in order. `text` and `source` are the first one's; the
   * hand-over flag is set when the engine gave up on any of them.
   */
  async writeSteps(request: {
    message: IncomingMessage;
    scenario: { id?: string; name: string; actions: ScenarioStep[] };
    steps: Array<Pick<StepDecision, 'index' | 'send'>>;
    aiAllowed: boolean;
    leadId?: string;
  }): Promise<WrittenReply> {
    const written: NonNullable<WrittenReply['steps']> = [];
    let handover = false;
    for (const step of request.steps.filter((s) => s.send)) {
      const action = request.scenario.actions[step.index];
      if (!action) throw new Error(`the scenario has no action ${step.index}`);
      const reply = await this.write({
        message: request.message,
        scenario: {
          ...(request.scenario.id ? { id: request.scenario.id } : {}),
          name: request.scenario.name,
          ...action,
        },
        aiAllowed: request.aiAllowed,
        ...(request.leadId ? { leadId: request.leadId } : {}),
      });
      handover ||= reply.handover === true;
      written.push({ index: step.index, text: reply.text, source: reply.source });
    }
    const first = written[0];
    if (!first) throw new Error('nothing to write: no action is sent now');
    return { text: first.text, source: first.source, ...(handover ? { handover } : {}), steps: written };
  }

  /**
   * The text of a follow-up step (domain/scenarios/follow-ups.ts): its template, or `generateFollowUp` with the
   * workspace's knowledge and the conversation so far (the scenario's answer included) when it has none; the
   * rule engine when the plan has no AI or the AI engine fails. Fitted to the platform's limit.
   */
  async writeFollowUp(request: {
    message: IncomingMessage;
    leadId: string;
    template: string | null;
    aiAllowed: boolean;
    /** Now: the conversation is read up to this instant. */
    at: string;
  }): Promise<WrittenReply> {
    const { message } = request;
    const limit = replyLimit(message.platform, message.kind);
    if (request.template !== null)
      return { text: fitReply(renderTemplate(request.template, message.author), limit), source: 'template' };
    const knowledge = (await this.knowledge?.(message.workspaceId)) ?? null;
    const thread = await this.thread(message.workspaceId, request.leadId, request.at);
    // The thread may be empty (a retention cutoff, an unreadable store): the message that started it is known.
    const history =
      thread.turns.length > 0
        ? thread.turns
        : [{ from: 'lead' as const, text: message.text, at: message.occurredAt }];
    const language = replyLanguage(message.text, knowledge);
    const input: FollowUpInput = {
      workspaceId: message.workspaceId,
      history,
      historyTruncated: thread.truncated,
      authorName: message.author.displayName ?? message.author.username,
      knowledge,
      ...(language === 'fr' || language === 'en' ? { language } : {}),
    };
    if (request.aiAllowed) {
      try {
        const reply = await this.ai.generateFollowUp(input);
        if (reply.value.trim() !== '') return { ...written(reply), text: fitReply(reply.value, limit) };
      } catch (error) {
        logger.warn('AI follow-up failed: the rule engine writes it', { error: error as Error });
      }
    }
    const reply = await this.rules.generateFollowUp(input);
    return { ...written(reply), source: 'rules', text: fitReply(reply.value, limit) };
  }

  private async thread(workspaceId: string, leadId: string, before: string) {
    if (!this.history) return { turns: [], truncated: false };
    try {
      return await this.history(workspaceId, leadId, before);
    } catch (error) {
      logger.warn('Conversation history unavailable: the follow-up is written without it', {
        error: error as Error,
      });
      return { turns: [], truncated: false };
    }
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
