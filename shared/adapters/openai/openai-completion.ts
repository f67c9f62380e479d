import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import * as z from '../../schemas/zod';
import {
  AiUnavailableError,
  type FallbackReason,
  type StructuredCompletion,
  type StructuredCompletionRequest,
  type TokenUsage,
} from '../../services/ai/ports';
import { backoffMs, retryHintMs } from './retry-policy';

/** The SDK's base URL when none is given (openai/src/client.ts: OPENAI_BASE_URL, else this); config passes ours. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAiCompletionOptions {
  apiKey: string;
  /** Any OpenAI-compatible server, including /v1 (undefined: OpenAI's own, https://api.openai.com/v1). */
  baseURL?: string;
  model: string;
  /** Upper bound of one HTTP attempt; the caller's deadline shortens it further. */
  timeoutMs: number;
  /** Attempts in total, first one included. */
  maxAttempts: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Node's global fetch unless given (tests). */
  fetch?: typeof fetch;
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
 * Structured outputs (strict json_schema) over Chat Completions, with Node's fetch: one POST
 * `{baseURL}/chat/completions` (https://platform.openai.com/docs/api-reference/chat/create), the body the
 * official SDK sent for `chat.completions.parse` with `zodResponseFormat` (openai-node, src/helpers/zod.ts and
 * src/lib/parser.ts), and the SDK's types only (`import type`: the SDK runtime, ~190 KB, stays out of every
 * bundle; issue 21 item 8). Errors are read as the SDK reads them (src/core/error.ts `APIError.generate`: the
 * body's `error.code`, the status, the headers), and answers as `parseChatCompletion` does: finish_reason
 * `length` or `content_filter` is no answer, a refusal has no content, the content is JSON that the schema
 * must accept (https://platform.openai.com/docs/guides/structured-outputs, "Refusals" and "Edge cases").
 * This class retries itself so that every wait honours Retry-After AND the caller's deadline, and so that quota
 * exhaustion (insufficient_quota) is never retried. Every failure leaves as AiUnavailableError with a reason;
 * the engine then falls back to rules.
 */
export class OpenAiStructuredCompletion implements StructuredCompletion {
  readonly model: string;
  private readonly url: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: OpenAiCompletionOptions) {
    this.model = options.model;
    // As the SDK's buildURL joins them: one slash between the base (with /v1) and the path.
    this.url = `${(options.baseURL ?? OPENAI_BASE_URL).replace(/\/$/, '')}/chat/completions`;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
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
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      // What zodResponseFormat(schema, name) builds: { type, json_schema: { name, strict: true, schema } }.
      response_format: {
        type: 'json_schema',
        json_schema: { name: request.schemaName, strict: true, schema: request.jsonSchema },
      },
      max_completion_tokens: completionTokenCap(this.model, request.maxOutputTokens),
    };
    // One timer for the whole attempt, the answer's body included (the SDK's covered the headers only).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      ({ status, headers } = response);
      text = await response.text();
    } catch (error) {
      throw controller.signal.aborted || isTimeout(error)
        ? new AttemptFailure('timeout')
        : new AttemptFailure('connection');
    } finally {
      clearTimeout(timer);
    }
    if (status < 200 || status >= 300) throw new HttpFailure(status, headers, errorCode(text));

    const completion = JSON.parse(text) as ChatCompletion;
    const choice = completion.choices?.[0];
    if (choice?.finish_reason === 'length')
      throw new AiUnavailableError('invalid_output', 'the answer was cut (finish_reason length)');
    if (choice?.finish_reason === 'content_filter')
      throw new AiUnavailableError('refusal', 'the answer was filtered (content_filter)');
    const message = choice?.message;
    if (message?.refusal) throw new AiUnavailableError('refusal', 'the model refused to answer');
    if (!message?.content)
      throw new AiUnavailableError('invalid_output', 'the model returned no structured content');
    // As the SDK's $parseRaw did: JSON.parse, then the zod schema (either throwing ends in invalid_output).
    const output = z.parse(request.schema, JSON.parse(message.content));
    // usage: { prompt_tokens, completion_tokens, total_tokens } on every chat.completion (API reference,
    // https://platform.openai.com/docs/api-reference/chat/object); reasoning tokens are inside completion_tokens.
    const usage = completion.usage
      ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
      : null;
    return { output, usage };
  }
}

/** No answer at all: the attempt timed out, or the server could not be reached. */
class AttemptFailure extends Error {
  constructor(readonly kind: 'timeout' | 'connection') {
    super(kind);
  }
}

/** A non-2xx answer, with what the SDK's APIError keeps of it: status, headers, the body's `error.code`. */
class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly code: string,
  ) {
    super(`HTTP ${status}`);
  }
}

/**
 * The error envelope `{ "error": { message, type, param, code } }`
 * (https://platform.openai.com/docs/guides/error-codes/api-errors); any other body has no code.
 */
function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } } | null)?.error?.code;
    return code === undefined || code === null ? '' : String(code);
  } catch {
    return '';
  }
}

/**
 * How the SDK tells a timeout from another connection failure (src/client.ts makeRequest): an abort, or
 * "timed out" in the error or its cause (undici's ConnectTimeoutError).
 */
function isTimeout(error: unknown): boolean {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return true;
  const cause = error instanceof Error && 'cause' in error ? String(error.cause) : '';
  return /timed? ?out/i.test(String(error) + cause);
}

function classify(error: unknown, now: number): Failure {
  if (error instanceof AiUnavailableError)
    return { reason: error.reason, retryable: false, message: error.message };
  if (error instanceof AttemptFailure)
    return error.kind === 'timeout'
      ? { reason: 'timeout', retryable: true, message: 'the model call timed out' }
      : { reason: 'connection_error', retryable: true, message: 'could not reach the model server' };
  if (error instanceof HttpFailure) {
    const { status, code, headers } = error;
    // "x-should-retry: false" suppresses the SDK's retries (src/client.ts shouldRetry); it does ours too.
    const forbidRetry = headers.get('x-should-retry') === 'false';
    const hintMs = retryHintMs(headers, now, status === 429);
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
  // JSON.parse failing on the body or the content: the answer did not match the schema.
  return {
    reason: 'invalid_output',
    retryable: false,
    message: `the model answer did not match the schema (${error instanceof Error ? error.name : 'unknown'})`,
  };
}
