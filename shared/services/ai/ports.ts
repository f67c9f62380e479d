import type { Knowledge } from '../../domain/knowledge/knowledge';
import type { InteractionKind, Platform } from '../../domain/messages/platforms';
import type * as z from '../../schemas/zod';

export type ProspectClass = 'cold' | 'warm' | 'hot';
export type Language = 'fr' | 'en';

export interface ReplyInput {
  workspaceId: string;
  platform: Platform;
  kind: InteractionKind;
  text: string;
  authorName: string | null;
  /** The scenario's intent, e.g. "send the price list" (null: answer helpfully). */
  instruction: string | null;
  /**
   * The ISO 639-1 code of the language to answer in; absent: the message's language when the knowledge allows
   * it, else the workspace's default (domain/language `replyLanguage`).
   */
  language?: string;
  /** The workspace's knowledge base: the only facts (prices, hours, places) a reply may state. */
  knowledge?: Knowledge | null;
  /**
   * The conversation before this message, oldest first, both directions (the engine bounds it by tokens).
   * `historyTruncated`: older messages exist beyond these.
   */
  history?: ConversationTurn[];
  historyTruncated?: boolean;
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
  /** True when the answer came from the response cache (no model call). */
  cached?: boolean;
  /** Why the rules answered although a model is configured (absent when source is 'ai' or no key is set). */
  fallbackReason?: FallbackReason;
  /** The engine could not answer (e.g. a language the rules have no templates for): a person must take over. */
  handover?: boolean;
}

/** Why a model call did not produce the answer; the engine then answers with the rules. */
export type FallbackReason =
  | 'local_rate_limit'
  | 'provider_rate_limit'
  | 'insufficient_quota'
  | 'server_error'
  | 'timeout'
  | 'connection_error'
  | 'budget_exhausted'
  | 'refusal'
  | 'invalid_output'
  | 'auth_error'
  | 'bad_request'
  /** The model's reply stated a price, percentage, time, delay or link the knowledge lacks: never sent. */
  | 'ungrounded_fact'
  /** The workspace's monthly AI budget (plan catalog `aiTokensPerMonth`) is spent: rules until the month ends. */
  | 'monthly_budget_spent'
  /** The workspace's plan has no AI-written replies: the rules answer whatever is configured. */
  | 'not_in_plan';

/** A model call that ended without a usable answer. Adapters throw it; the engine turns it into a fallback. */
export class AiUnavailableError extends Error {
  override name = 'AiUnavailableError';
  constructor(
    readonly reason: FallbackReason,
    message: string,
  ) {
    super(message);
  }
}

/** One structured-output model call: the answer must parse with `schema` or the call fails. */
export interface StructuredCompletionRequest<T> {
  system: string;
  user: string;
  /** [a-zA-Z0-9_-], at most 64 characters (the json_schema name). */
  schemaName: string;
  schema: z.core.$ZodType<T>;
  /**
   * `schema` as strict JSON Schema, sent as response_format.json_schema.schema: precomputed beside the zod
   * schema (prompts/schemas.ts), so no Lambda bundles a zod-to-JSON-Schema converter.
   */
  jsonSchema: Record<string, unknown>;
  /** Epoch ms after which no attempt starts and no backoff sleeps (the caller's time budget). */
  deadlineAt: number;
  maxOutputTokens: number;
}

/** Tokens the provider billed for one call, as its `usage` object reports them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Port of the model provider (OpenAI or any OpenAI-compatible server). Throws AiUnavailableError. */
export interface StructuredCompletion {
  readonly model: string;
  /** The validated output, and the tokens billed for it (null when the server reported no usage). */
  complete<T>(request: StructuredCompletionRequest<T>): Promise<{ output: T; usage: TokenUsage | null }>;
  /**
   * The most tokens this request can be billed for (prompt and completion caps): what the budget reserves
   * before the call, so concurrent calls can never spend past it.
   */
  tokenCeiling(
    request: Pick<StructuredCompletionRequest<unknown>, 'system' | 'user' | 'maxOutputTokens'>,
  ): number;
}

/** Tokens set aside for one model call; settled with what the call really used. */
export interface AiBudgetReservation {
  workspaceId: string;
  /** The budget month, "2026-12" (UTC). */
  month: string;
  tokens: number;
  /** The plan's budget when the tokens were reserved. */
  limit: number;
}

/**
 * Port of the monthly AI budget (plan catalog `aiTokensPerMonth`), counted atomically per workspace and month:
 * `reserve` refuses (null) when the tokens would pass the plan's budget.
 */
export interface AiBudget {
  reserve(workspaceId: string, tokens: number): Promise<AiBudgetReservation | null>;
  /** The call ended: `usage` is what it was billed (null: unknown, the reservation counts as spent). */
  settle(reservation: AiBudgetReservation, usage: TokenUsage | null): Promise<void>;
  /** The call billed nothing (refused before any generation): the reservation is given back. */
  release(reservation: AiBudgetReservation): Promise<void>;
}

/** Port of the response cache: values are the validated structured outputs, stored per workspace. */
export interface AiResponseCache {
  get(workspaceId: string, promptVersion: string, inputHash: string): Promise<unknown | undefined>;
  put(workspaceId: string, promptVersion: string, inputHash: string, value: unknown): Promise<void>;
}

/** Port of the rate limiter shared by every Lambda: true when this call may reach the model. */
export interface AiRateLimiter {
  tryAcquire(workspaceId: string): Promise<boolean>;
}

/**
 * The AI engine the workflow and the API use. The OpenAI implementation falls back to the rule-based one on any
 * failure, so callers never handle AI errors: a lead is never lost to an AI outage.
 */
export interface PhoneInput {
  workspaceId: string;
  text: string;
}

export interface ClassifyInput {
  workspaceId: string;
  text: string;
  history: ConversationTurn[];
}

export interface FollowUpInput {
  workspaceId: string;
  /** The conversation so far, oldest first (the engine bounds it by tokens); `historyTruncated`: more before. */
  history: ConversationTurn[];
  historyTruncated?: boolean;
  authorName: string | null;
  language?: Language;
  /** The workspace's knowledge base: the only facts (prices, hours, links) a follow-up may state. */
  knowledge?: Knowledge | null;
}

export interface SummaryInput {
  workspaceId: string;
  history: ConversationTurn[];
  language?: Language;
  /**
   * The phone stored on the lead (E.164, null: none), when the caller has the lead: the rules then state it and
   * read a message as giving contact details when it writes that number, instead of detecting numbers in the
   * messages (see RuleBasedSummarizer). Never sent to the model, nor part of its cache key.
   */
  knownPhone?: string | null;
}

/** Port of the one operation GET /leads/{id}/summary needs; the AI engine is one too. */
export interface ConversationSummarizer {
  summarizeConversation(input: SummaryInput): Promise<AiResult<string>>;
}

export interface AiEngine extends ConversationSummarizer {
  generateReply(input: ReplyInput): Promise<AiResult<string>>;
  extractPhoneNumber(input: PhoneInput): Promise<AiResult<string | null>>;
  classifyProspect(input: ClassifyInput): Promise<AiResult<{ class: ProspectClass; reason: string }>>;
  generateFollowUp(input: FollowUpInput): Promise<AiResult<string>>;
}
