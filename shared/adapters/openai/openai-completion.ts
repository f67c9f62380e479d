import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import {
  AiUnavailableError,
  type FallbackReason,
  type StructuredCompletion,
  type StructuredCompletionRequest,
  type TokenUsage,
} from '../../services/ai/ports';
import { backoffMs, retryHintMs } from './retry-policy';

export interface OpenAiCompletionOptions {
  apiKey: string;
  /** Any OpenAI-compatible server, including /v1 (undefined: the SDK's default, api.openai.com). */
  baseURL?: string;
  model: string;
  /** Upper bound of one HTTP attempt; the caller's deadline shortens it further. */
  timeoutMs: number;
  /** Attempts in total, first one included. */
  maxAttempts: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Message framing plus the strict json_schema of the response_format (our schemas are a few hundred bytes). */
const PROMPT_OVERHEAD_TOKENS = 512;

/** No attempt starts with less time than this left: it could not finish, and the Lambda must not overrun. */
const MIN_ATTEMPT_MS = 200;

/**
 * Reasoning models (o-series, gpt-5) think before they answer, and that reasoning counts against the cap:
 * `max_completion_tokens` is "an upper bound for the number of tokens that can be generated for a completion,
 * including visible output tokens and reasoning tokens" (openai SDK, resources/chat/completions; API reference
 * https://platform.openai.com/docs/api-reference/chat/create). A cap sized for the visible answer alone would
 * be spent on reasoning and come back empty with finish_reason "length"
 * (https://platform.openai.com/docs/guides/reasoning), so these models get this much on top. Reasoning tokens
 * are billed as used: the headroom is a ceiling, not a spend.
 */
export const REASONING_HEADROOM_TOKENS = 4096;
const REASONING_MODEL = /^(o\d|gpt-5)/;

/** The cap sent as `max_completion_tokens` (never the deprecated `max_tokens`, which reasoning models refuse). */
export function completionTokenCap(model: string, visibleTokens: number): number {
  return REASONING_MODEL.test(model) ? visibleTokens + REASONING_HEADROOM_TOKENS : visibleTokens;
}

interface Failure {
  reason: FallbackReason;
  retryable: boolean;
  hintMs?: number;
  message: string;
}

/**
 * Structured outputs over the official openai SDK (chat.completions.parse + zodResponseFormat, strict
 * json_schema). The SDK's own retries are off (maxRetries 0): this class retries itself so that every wait
 * honours Retry-After AND the caller's deadline, and so that quota exhaustion (insufficient_quota) is never
 * retried. Every failure leaves as AiUnavailableError with a reason; the engine then falls back to rules.
 */
export class OpenAiStructuredCompletion implements StructuredCompletion {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: OpenAiCompletionOptions) {
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    this.random = options.random ?? Math.random;
  }

  /**
   * A token is at least one byte of UTF-8 (byte-level BPE), so the prompt's bytes bound its prompt tokens; each
   * chat message adds a few tokens of framing, and the response_format's JSON schema is billed as prompt too.
   */
  tokenCeiling(
    request: Pick<StructuredCompletionRequest<unknown>, 'system' | 'user' | 'maxOutputTokens'>,
  ): number {
    const promptBytes = Buffer.byteLength(request.system) + Buffer.byteLength(request.user);
    return promptBytes + PROMPT_OVERHEAD_TOKENS + completionTokenCap(this.model, request.maxOutputTokens);
  }

  async complete<T>(
    request: StructuredCompletionRequest<T>,
  ): Promise<{ output: T; usage: TokenUsage | null }> {
    for (let attempt = 1; ; attempt += 1) {
      const remaining = request.deadlineAt - this.now();
      if (remaining < MIN_ATTEMPT_MS)
        throw new AiUnavailableError('budget_exhausted', 'no time left in the budget for a model call');
      try {
        return await this.attempt(request, Math.min(this.options.timeoutMs, remaining));
      } catch (error) {
        const failure = classify(error, this.now());
        if (!failure.retryable || attempt >= this.options.maxAttempts)
          throw new AiUnavailableError(failure.reason, failure.message);
        const delay = failure.hintMs ?? backoffMs(attempt, this.random);
        if (this.now() + delay + MIN_ATTEMPT_MS > request.deadlineAt)
          throw new AiUnavailableError(
            failure.reason,
            `${failure.message}; waiting ${delay} ms would pass the time budget`,
          );
        await this.sleep(delay);
      }
    }
  }

  private async attempt<T>(
    request: StructuredCompletionRequest<T>,
    timeout: number,
  ): Promise<{ output: T; usage: TokenUsage | null }> {
    const completion = await this.client.chat.completions.parse(
      {
        model: this.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        response_format: zodResponseFormat(request.schema as never, request.schemaName),
        max_completion_tokens: completionTokenCap(this.model, request.maxOutputTokens),
      },
      { timeout, maxRetries: 0 },
    );
    const message = completion.choices[0]?.message;
    if (message?.refusal) throw new AiUnavailableError('refusal', 'the model refused to answer');
    if (message?.parsed === undefined || message.parsed === null)
      throw new AiUnavailableError('invalid_output', 'the model returned no structured content');
    // usage: { prompt_tokens, completion_tokens, total_tokens } on every chat.completion (API reference,
    // https://platform.openai.com/docs/api-reference/chat/object); reasoning tokens are inside completion_tokens.
    const usage = completion.usage
      ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
      : null;
    return { output: message.parsed as T, usage };
  }
}

function classify(error: unknown, now: number): Failure {
  if (error instanceof AiUnavailableError)
    return { reason: error.reason, retryable: false, message: error.message };
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError)
    return { reason: 'timeout', retryable: true, message: 'the model call timed out' };
  if (error instanceof APIConnectionError)
    return { reason: 'connection_error', retryable: true, message: 'could not reach the model server' };
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const code = String(error.code ?? (error.error as { code?: string } | undefined)?.code ?? '');
    const forbidRetry = error.headers?.get('x-should-retry') === 'false';
    const hintMs = retryHintMs(error.headers, now, status === 429);
    const message = `model server answered ${status}${code ? ` (${code})` : ''}`;
    if (status === 429 && code === 'insufficient_quota')
      return { reason: 'insufficient_quota', retryable: false, message };
    if (status === 429)
      return {
        reason: 'provider_rate_limit',
        retryable: !forbidRetry,
        message,
        ...(hintMs !== undefined ? { hintMs } : {}),
      };
    if (status === 408) return { reason: 'timeout', retryable: !forbidRetry, message };
    if (status === 409 || status >= 500)
      return {
        reason: 'server_error',
        retryable: !forbidRetry,
        message,
        ...(hintMs !== undefined ? { hintMs } : {}),
      };
    if (status === 401 || status === 403) return { reason: 'auth_error', retryable: false, message };
    return { reason: 'bad_request', retryable: false, message };
  }
  if (error instanceof LengthFinishReasonError)
    return {
      reason: 'invalid_output',
      retryable: false,
      message: 'the answer was cut (finish_reason length)',
    };
  if (error instanceof ContentFilterFinishReasonError)
    return { reason: 'refusal', retryable: false, message: 'the answer was filtered (content_filter)' };
  // JSON.parse or zod failing inside parse(): the content did not match the schema.
  return {
    reason: 'invalid_output',
    retryable: false,
    message: `the model answer did not match the schema (${error instanceof Error ? error.name : 'unknown'})`,
  };
}
