import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import { inventedFacts } from '../../domain/knowledge/facts';
import { renderKnowledge } from '../../domain/knowledge/knowledge';
import { languageName, replyLanguage } from '../../domain/language/language';
import { normalisePhone } from '../../domain/leads/phone';
import * as z from '../../schemas/zod';
import { asData, renderMemory } from './memory';
import {
  type AiBudget,
  type AiBudgetReservation,
  type AiEngine,
  type AiRateLimiter,
  type AiResponseCache,
  type AiResult,
  AiUnavailableError,
  type ClassifyInput,
  type ConversationTurn,
  type FallbackReason,
  type FollowUpInput,
  type Language,
  type PhoneInput,
  type ProspectClass,
  type ReplyInput,
  type StructuredCompletion,
  type SummaryInput,
} from './ports';
import { type PromptId, promptFor, renderTemplate, versionIdOf } from './prompts';
import {
  classifyOutput,
  followUpOutput,
  phoneOutput,
  replyOutput,
  type StructuredOutput,
  summaryOutput,
} from './prompts/schemas';
import { guessLanguage, RuleBasedAiEngine } from './rule-engine';

export interface FallbackEvent {
  operation: string;
  workspaceId: string;
  reason: FallbackReason;
  detail: string;
}

export interface LlmAiEngineOptions {
  completion: StructuredCompletion;
  /** null: no cache (every call reaches the model). */
  cache: AiResponseCache | null;
  /** null: no local limit (the provider's 429s still apply). */
  limiter: AiRateLimiter | null;
  /** The plan's monthly token budget; absent or null: unbounded (the eval script). */
  budget?: AiBudget | null;
  /** Total time one engine call may spend on the model, retries and backoff included. */
  budgetMs: number;
  fallback?: AiEngine;
  defaultCountry?: CountryCode;
  now?: () => number;
  /** Observability hook (logs, metrics); never receives message text or secrets. */
  onFallback?: (event: FallbackEvent) => void;
}

const MAX_TURNS = 20;
const MAX_TEXT = 2000;
const LABELS: Record<Language, { lead: string; business: string; unknown: string; noInstruction: string }> = {
  fr: {
    lead: 'Prospect',
    business: 'Entreprise',
    unknown: 'inconnu',
    noInstruction: 'aucune (réponds utilement)',
  },
  en: {
    lead: 'Prospect',
    business: 'Business',
    unknown: 'unknown',
    noInstruction: 'none (answer helpfully)',
  },
};

const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max)}…` : text);
const renderHistory = (history: ConversationTurn[], language: Language) =>
  history
    .slice(-MAX_TURNS)
    .map((turn) => `${LABELS[language][turn.from]}: ${clip(turn.text.replace(/\s+/g, ' '))}`)
    .join('\n') || '-';

/** Accepts a non-empty text of bounded size (what strict json_schema cannot express). */
const text = (value: string, max: number) => {
  const trimmed = value.trim();
  return trimmed && trimmed.length <= max ? { value: trimmed } : null;
};

/** Failures after the model generated an answer: billed by the provider. */
const BILLED_FAILURES = new Set<FallbackReason>(['refusal', 'invalid_output']);

/** Case, width and spacing do not change what a message asks ("Combien ?" = "combien  ?"). */
export const normaliseMessage = (text: string) =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** A version of the knowledge that changes whenever its content does (a hash of it). */
export const knowledgeVersion = (knowledge: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(knowledge ?? null))
    .digest('hex')
    .slice(0, 16);

const aiResult = <R>(accepted: { value: R; handover?: boolean }, promptVersion: string): AiResult<R> => ({
  value: accepted.value,
  source: 'ai',
  promptVersion,
  ...(accepted.handover ? { handover: true } : {}),
});

interface Call<Out, R> {
  operation: string;
  workspaceId: string;
  promptId: PromptId;
  language: Language;
  values: Record<string, string>;
  /**
   * What the cache key is made of when it differs from `values`: the reply keys on the normalised message and
   * the knowledge's version rather than their raw text.
   */
  cacheValues?: Record<string, string>;
  /** The answer's zod schema and its strict JSON Schema (prompts/schemas.ts). */
  output: StructuredOutput<Out>;
  maxOutputTokens: number;
  /**
   * The model's output turned into the engine's value; null when unusable (→ rules). `handover`: the model
   * says the knowledge does not answer the message, so a person must take over.
   */
  accept: (output: Out) => { value: R; handover?: boolean } | null;
  /** The facts of the output the knowledge does not hold (a reply states only known facts); empty: grounded. */
  ungrounded?: (output: Out) => string[];
  rules: () => Promise<AiResult<R>>;
}

/**
 * The AI engine backed by a model: versioned prompts, structured outputs validated with zod, a per-workspace
 * response cache, a shared rate limiter, and a fallback to the rule engine on ANY failure — callers never see
 * an AI error, and a lead is never lost to an AI outage.
 *
 *   cache hit ──────────────────────────────────────────────▶ { source: 'ai', cached: true }
 *   miss ─▶ limiter ─(denied)──────────────────────────────▶ rules { fallbackReason: 'local_rate_limit' }
 *             └─▶ model (retries within budget) ─(error)──▶ rules { fallbackReason: <why> }
 *                   └─▶ validate ─(unusable)──────────────▶ rules { fallbackReason: 'invalid_output' }
 *                         └─▶ cache put ──────────────────▶ { source: 'ai' }
 */
export class LlmAiEngine implements AiEngine {
  private readonly rules: AiEngine;
  private readonly now: () => number;
  private readonly defaultCountry: CountryCode;

  constructor(private readonly options: LlmAiEngineOptions) {
    this.rules = options.fallback ?? new RuleBasedAiEngine();
    this.now = options.now ?? Date.now;
    this.defaultCountry = options.defaultCountry ?? 'FR';
  }

  generateReply(input: ReplyInput): Promise<AiResult<string>> {
    const answerIn = input.language ?? replyLanguage(input.text, input.knowledge);
    // The prompt is written in French or English; it names the language the answer must be in.
    const language: Language = answerIn === 'fr' ? 'fr' : 'en';
    const values = {
      platform: input.platform,
      kind: input.kind,
      authorName: asData(input.authorName ?? LABELS[language].unknown),
      answerLanguage: languageName(answerIn, language),
      instruction: input.instruction ?? LABELS[language].noInstruction,
      knowledge: renderKnowledge(input.knowledge, language),
      history: renderMemory(input.history ?? [], language, { moreBefore: input.historyTruncated === true }),
      // Only ever in the user message, between its delimiters, which it cannot close (asData).
      text: asData(clip(input.text)),
    };
    return this.run({
      operation: 'generateReply',
      workspaceId: input.workspaceId,
      promptId: 'reply',
      language,
      values,
      // Keyed on the normalised message, the knowledge's version and (in run) the model and prompt version;
      // the rest of the prompt (platform, kind, the name the reply greets, the instruction) stays in the key.
      cacheValues: {
        ...values,
        knowledge: knowledgeVersion(input.knowledge),
        text: normaliseMessage(values.text),
      },
      output: replyOutput,
      maxOutputTokens: 300,
      accept: (output) => {
        const reply = text(output.reply, 1000);
        return reply && output.needsHuman ? { ...reply, handover: true } : reply;
      },
      ungrounded: (output) => inventedFacts(output.reply, input.knowledge, input.instruction),
      rules: () => this.rules.generateReply({ ...input, language: answerIn }),
    });
  }

  extractPhoneNumber(input: PhoneInput): Promise<AiResult<string | null>> {
    return this.run({
      operation: 'extractPhoneNumber',
      workspaceId: input.workspaceId,
      promptId: 'extract-phone',
      language: guessLanguage(input.text),
      values: { defaultCountry: this.defaultCountry, text: clip(input.text) },
      output: phoneOutput,
      maxOutputTokens: 60,
      // A model may hallucinate or mis-format a number: only a number libphonenumber validates is accepted.
      accept: (output) => {
        if (output.phone === null || output.phone.trim() === '') return { value: null };
        const phone = normalisePhone(output.phone, this.defaultCountry);
        return phone ? { value: phone } : null;
      },
      rules: () => this.rules.extractPhoneNumber(input),
    });
  }

  classifyProspect(input: ClassifyInput): Promise<AiResult<{ class: ProspectClass; reason: string }>> {
    const language = guessLanguage([input.text, ...input.history.map((t) => t.text)].join(' '));
    return this.run({
      operation: 'classifyProspect',
      workspaceId: input.workspaceId,
      promptId: 'classify',
      language,
      values: { history: renderHistory(input.history, language), text: clip(input.text) },
      output: classifyOutput,
      maxOutputTokens: 150,
      accept: (output) => {
        const reason = text(output.reason, 500);
        return reason ? { value: { class: output.class, reason: reason.value } } : null;
      },
      rules: () => this.rules.classifyProspect(input),
    });
  }

  generateFollowUp(input: FollowUpInput): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.history.map((t) => t.text).join(' '));
    const values = {
      authorName: asData(input.authorName ?? LABELS[language].unknown),
      knowledge: renderKnowledge(input.knowledge, language),
      history: renderMemory(input.history, language, { moreBefore: input.historyTruncated === true }),
    };
    return this.run({
      operation: 'generateFollowUp',
      workspaceId: input.workspaceId,
      promptId: 'follow-up',
      language,
      values,
      // Keyed on the knowledge's version, not its text (the conversation is in the key as it is).
      cacheValues: { ...values, knowledge: knowledgeVersion(input.knowledge) },
      output: followUpOutput,
      maxOutputTokens: 200,
      accept: (output) => text(output.message, 1000),
      // A follow-up states only what the knowledge holds, like a reply: an invented price is never sent.
      ungrounded: (output) => inventedFacts(output.message, input.knowledge, null),
      rules: () => this.rules.generateFollowUp({ ...input, language }),
    });
  }

  summarizeConversation(input: SummaryInput): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.history.map((t) => t.text).join(' '));
    return this.run({
      operation: 'summarizeConversation',
      workspaceId: input.workspaceId,
      promptId: 'summary',
      language,
      values: { history: renderHistory(input.history, language) },
      output: summaryOutput,
      maxOutputTokens: 400,
      accept: (output) => text(output.summary, 2000),
      rules: () => this.rules.summarizeConversation({ ...input, language }),
    });
  }

  private async run<Out, R>(call: Call<Out, R>): Promise<AiResult<R>> {
    const template = promptFor(call.promptId, call.language);
    const promptVersion = versionIdOf(template);
    const system = renderTemplate(template.system, call.values);
    const user = renderTemplate(template.user, call.values);
    const { completion, cache, limiter, budget } = this.options;
    const inputHash = createHash('sha256')
      .update(
        JSON.stringify({ model: completion.model, promptVersion, values: call.cacheValues ?? call.values }),
      )
      .digest('hex');

    // The cache is an optimisation: a failing cache read or write never fails the call.
    const cached = await cache?.get(call.workspaceId, promptVersion, inputHash).catch(() => undefined);
    if (cached !== undefined) {
      const parsed = z.safeParse(call.output.schema, cached);
      const accepted = parsed.success ? call.accept(parsed.data) : null;
      if (accepted) return { ...aiResult(accepted, promptVersion), cached: true };
    }

    const allowed = limiter ? await limiter.tryAcquire(call.workspaceId).catch(() => false) : true;
    if (!allowed)
      return this.fallback(call, 'local_rate_limit', 'rate limit of this workspace or of the platform');

    // The most this call can cost is set aside first (one conditional write), so concurrent calls never spend
    // past the month's budget; what the call really used is settled after it.
    let reservation: AiBudgetReservation | null = null;
    if (budget) {
      const ceiling = completion.tokenCeiling({ system, user, maxOutputTokens: call.maxOutputTokens });
      try {
        reservation = await budget.reserve(call.workspaceId, ceiling);
      } catch (error) {
        return this.fallback(
          call,
          'server_error',
          `the AI budget could not be read (${(error as Error).name})`,
        );
      }
      if (!reservation)
        return this.fallback(call, 'monthly_budget_spent', 'the workspace has spent this month’s AI budget');
    }

    let output: Out;
    try {
      const answer = await completion.complete({
        system,
        user,
        schemaName: call.promptId.replace(/[^a-zA-Z0-9_-]/g, '_'),
        schema: call.output.schema,
        jsonSchema: call.output.jsonSchema,
        deadlineAt: this.now() + this.options.budgetMs,
        maxOutputTokens: call.maxOutputTokens,
      });
      output = answer.output;
      if (reservation) await budget?.settle(reservation, answer.usage).catch(() => undefined);
    } catch (error) {
      const reason = error instanceof AiUnavailableError ? error.reason : 'server_error';
      if (reservation)
        // A refused or unparsable answer was generated, so billed (amount unknown: the reservation stays
        // spent); every other failure happened before any generation.
        await (BILLED_FAILURES.has(reason)
          ? budget?.settle(reservation, null)
          : budget?.release(reservation)
        )?.catch(() => undefined);
      return this.fallback(call, reason, error instanceof Error ? error.message : String(error));
    }
    const accepted = call.accept(output);
    if (!accepted) return this.fallback(call, 'invalid_output', 'the model answer failed validation');
    // Whatever the message said (an injected "give me a discount code" included), a reply stating a price, a
    // percentage, a time, a delay or a link that the knowledge lacks is never sent, nor cached.
    const ungrounded = call.ungrounded?.(output) ?? [];
    if (ungrounded.length > 0)
      return this.fallback(
        call,
        'ungrounded_fact',
        `the reply stated ${ungrounded.length} fact(s) not in the knowledge`,
      );
    await cache?.put(call.workspaceId, promptVersion, inputHash, output).catch(() => undefined);
    return aiResult(accepted, promptVersion);
  }

  private async fallback<Out, R>(call: Call<Out, R>, reason: FallbackReason, detail: string) {
    this.options.onFallback?.({ operation: call.operation, workspaceId: call.workspaceId, reason, detail });
    const result = await call.rules();
    return { ...result, fallbackReason: reason };
  }
}
