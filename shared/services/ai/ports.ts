import type { Platform } from '../../domain/messages/platforms';

export type ProspectClass = 'cold' | 'warm' | 'hot';
export type Language = 'fr' | 'en';

export interface ReplyInput {
  workspaceId: string;
  platform: Platform;
  kind: 'comment' | 'dm' | 'story_reply' | 'postback' | 'read';
  text: string;
  authorName: string | null;
  /** The scenario's intent, e.g. "send the price list" (null: answer helpfully). */
  instruction: string | null;
  language?: Language;
}

export interface ConversationTurn {
  from: 'lead' | 'business';
  text: string;
  at: string;
}

export interface AiResult<T> {
  value: T;
  /** 'ai' when OpenAI answered, 'rules' when the deterministic engine did (no key, failure, or rate limit). */
  source: 'ai' | 'rules';
  promptVersion: string;
}

/**
 * The AI engine the workflow and the API use. The OpenAI implementation falls back to the rule-based one on any
 * failure, so callers never handle AI errors: a lead is never lost to an AI outage.
 */
export interface AiEngine {
  generateReply(input: ReplyInput): Promise<AiResult<string>>;
  extractPhoneNumber(input: { workspaceId: string; text: string }): Promise<AiResult<string | null>>;
  classifyProspect(input: {
    workspaceId: string;
    text: string;
    history: ConversationTurn[];
  }): Promise<AiResult<{ class: ProspectClass; reason: string }>>;
  generateFollowUp(input: {
    workspaceId: string;
    history: ConversationTurn[];
    authorName: string | null;
    language?: Language;
  }): Promise<AiResult<string>>;
  summarizeConversation(input: {
    workspaceId: string;
    history: ConversationTurn[];
    language?: Language;
  }): Promise<AiResult<string>>;
}
