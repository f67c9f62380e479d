import { createHash } from 'node:crypto';
import * as z from '../../schemas/zod';
import {
  type AiBudget,
  type AiBudgetReservation,
  type AiRateLimiter,
  type AiResponseCache,
  type AiResult,
  AiUnavailableError,
  type FallbackReason,
  type StructuredCompletion,
} from './ports';
import type { StructuredOutput } from './prompts/schemas';
import { type PromptTemplate, renderTemplate, versionIdOf } from './prompts/types';

export interface FallbackEvent {
  operation: string;
  workspaceId: string;
  reason: FallbackReason;
  detail: string;
}

/** What one model call goes through: the model, its cache, the shared rate limiter, the plan's budget. */
export interface ModelCallOptions {
  completion: StructuredCompletion;
  /** null: no cache (every call reaches the model). */
  cache: AiResponseCache | null;
  /** null: no local limit (the provider's 429s still apply). */
  limiter: AiRateLimiter | null;
  /** The plan's monthly token budget; absent or null: unbounded (the eval script). */
  budget?: AiBudget | null;
  /** Total time one engine call may spend on the model, retries and backoff included. */
  budgetMs: number;
  now?: () => number;
  /** Observability hook (logs, metrics); never receives message text or secrets. */
  onFallback?: (event: FallbackEvent) => void;
}

export interface ModelCall<Out, R> {
  operation: string;
  workspaceId: string;
  /** The active prompt of the operation, in the call's language (prompts/index.ts or the operation's module). */
  prompt: PromptTemplate;
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

/** Failures after the model generated an answer: billed by the provider. */
const BILLED_FAILURES = new Set<FallbackReason>(['refusal', 'invalid_output']);

const aiResult = <R>(accepted: { value: R; handover?: boolean }, promptVersion: string): AiResult<R> => ({
  value: accepted.value,
  source: 'ai',
  promptVersion,
  ...(accepted.handover ? { handover: true } : {}),
});

/**
 * One model call with a fallback to the rules on ANY failure — callers never see an AI error. Shared by the
 * AI engine (llm-engine.ts) and the conversation summarizer (llm-summarizer.ts), which load only their prompts.
 *
 *   cache hit ──────────────────────────────────────────────▶ { source: 'ai', cached: true }
 *   miss ─▶ limiter ─(denied)──────────────────────────────▶ rules { fallbackReason: 'local_rate_limit' }
 *             └─▶ model (retries within budget) ─(error)──▶ rules { fallbackReason: <why> }
 *                   └─▶ validate ─(unusable)──────────────▶ rules { fallbackReason: 'invalid_output' }
 *                         └─▶ cache put ──────────────────▶ { source: 'ai' }
 */
export class ModelCaller {
  private readonly now: () => number;

  constructor(private readonly options: ModelCallOptions) {
    this.now = options.now ?? Date.now;
  }

  async run<Out, R>(call: ModelCall<Out, R>): Promise<AiResult<R>> {
    const template = call.prompt;
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
        schemaName: template.id.replace(/[^a-zA-Z0-9_-]/g, '_'),
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

  private async fallback<Out, R>(call: ModelCall<Out, R>, reason: FallbackReason, detail: string) {
    this.options.onFallback?.({ operation: call.operation, workspaceId: call.workspaceId, reason, detail });
    const result = await call.rules();
    return { ...result, fallbackReason: reason };
  }
}
