import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type OpenAiCompletionOptions,
  OpenAiStructuredCompletion,
} from '../../../shared/adapters/openai/openai-completion';
import { AiUnavailableError, type StructuredCompletionRequest } from '../../../shared/services/ai/ports';
import { replyOutput } from '../../../shared/services/ai/prompts/schemas';
import { type FakeOpenAi, startFakeOpenAi } from '../../../simulation/openai';

// The fake OpenAI (simulation/openai.ts, built from OpenAI's docs) over real HTTP; waits are recorded, not slept.
let fake: FakeOpenAi;
let sleeps: number[];
const NOW = Date.parse('2026-12-04T10:00:00Z');

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => {
  fake.state.queue.length = 0;
  fake.state.responder = undefined;
  sleeps = [];
});

const client = (overrides: Partial<OpenAiCompletionOptions> = {}) =>
  new OpenAiStructuredCompletion({
    apiKey: fake.apiKey,
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    timeoutMs: 5_000,
    maxAttempts: 3,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });

const request = (
  overrides: Partial<StructuredCompletionRequest<{ reply: string; needsHuman: boolean }>> = {},
) => ({
  system: 'You answer customers of a bakery.',
  user: 'Combien coûte la box ?',
  schemaName: 'reply',
  schema: replyOutput.schema,
  jsonSchema: replyOutput.jsonSchema,
  deadlineAt: NOW + 10_000,
  maxOutputTokens: 300,
  ...overrides,
});

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiUnavailableError);
  return error as AiUnavailableError;
};

/** A fetch that answers one scripted Response, for what the fake does not model. */
const answering = (response: () => Response) => async () => response();

describe('Class: OpenAiStructuredCompletion', () => {
  describe('Method: complete (request)', () => {
    it('POSTs {baseURL}/chat/completions with the Bearer key and the body the official SDK sends', async () => {
      // Prepare: what the SDK sends for chat.completions.parse + zodResponseFormat, to the same fake.
      const answer = { reply: 'La box est à 29 €.', needsHuman: false };
      fake.script({ kind: 'json', value: answer }, { kind: 'json', value: answer });
      const sdk = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 });
      await sdk.chat.completions.parse({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You answer customers of a bakery.' },
          { role: 'user', content: 'Combien coûte la box ?' },
        ],
        response_format: zodResponseFormat(replyOutput.schema, 'reply'),
        max_completion_tokens: 300,
      });
      const sdkBody = fake.state.requests.at(-1)!.body;
      // Act
      const result = await client().complete(request());
      // Assess
      expect(result.output).toEqual(answer);
      expect(result.usage).toEqual({
        promptTokens: expect.any(Number),
        completionTokens: expect.any(Number),
      });
      const sent = fake.state.requests.at(-1)!;
      expect(sent.body).toEqual(sdkBody);
      expect(JSON.stringify(sent.body)).toBe(JSON.stringify(sdkBody));
      expect(sent.body).toEqual({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'You answer customers of a bakery.' },
          { role: 'user', content: 'Combien coûte la box ?' },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'reply', strict: true, schema: replyOutput.jsonSchema },
        },
        max_completion_tokens: 300,
      });
    });

    it('joins a base URL written with a trailing slash as the SDK does', async () => {
      // Prepare
      fake.script({ kind: 'json', value: { reply: 'ok', needsHuman: false } });
      // Act
      const result = await client({ baseURL: `${fake.url}/` }).complete(request());
      // Assess
      expect(result.output).toEqual({ reply: 'ok', needsHuman: false });
    });
  });

  describe('Method: complete (answers that are not one)', () => {
    it('a refusal (content null, refusal set) is refusal, not retried', async () => {
      // Prepare
      const before = fake.state.received;
      fake.script({ kind: 'refusal' });
      // Act
      const failure = await failureOf(client().complete(request()));
      // Assess
      expect(failure.reason).toBe('refusal');
      expect(fake.state.received - before).toBe(1);
    });

    it('an answer cut by the cap (finish_reason length) is invalid_output, not retried', async () => {
      // Prepare
      const before = fake.state.received;
      fake.script({ kind: 'length' });
      // Act
      const failure = await failureOf(client().complete(request()));
      // Assess
      expect(failure.reason).toBe('invalid_output');
      expect(failure.message).toContain('finish_reason length');
      expect(fake.state.received - before).toBe(1);
    });

    it('content that is not JSON, or JSON the schema refuses, is invalid_output', async () => {
      // Prepare
      fake.script({ kind: 'content', content: '{"reply": "cut' }, { kind: 'json', value: { reply: 42 } });
      // Act
      const notJson = await failureOf(client().complete(request()));
      const wrongShape = await failureOf(client().complete(request()));
      // Assess
      expect(notJson.reason).toBe('invalid_output');
      expect(wrongShape.reason).toBe('invalid_output');
    });

    it('finish_reason content_filter is a refusal (the fake does not model it: one scripted answer)', async () => {
      // Prepare
      const fetch = answering(() =>
        Response.json({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: null, refusal: null },
              finish_reason: 'content_filter',
              logprobs: null,
            },
          ],
        }),
      );
      // Act
      const failure = await failureOf(client({ fetch }).complete(request()));
      // Assess
      expect(failure.reason).toBe('refusal');
    });
  });

  describe('Method: complete (errors)', () => {
    it('a wrong key (401 invalid_api_key) is auth_error, not retried', async () => {
      // Prepare
      const before = fake.state.received;
      // Act
      const failure = await failureOf(client({ apiKey: 'sk-wrong-key-0000' }).complete(request()));
      // Assess
      expect(failure.reason).toBe('auth_error');
      expect(failure.message).toBe('model server answered 401 (invalid_api_key)');
      expect(fake.state.received - before).toBe(1);
    });

    it('a request the API refuses (400) is bad_request, not retried', async () => {
      // Prepare: a json_schema name outside [a-zA-Z0-9_-] (the fake refuses it as the API does).
      const before = fake.state.received;
      // Act
      const failure = await failureOf(client().complete(request({ schemaName: 'not a name' })));
      // Assess
      expect(failure.reason).toBe('bad_request');
      expect(failure.message).toBe('model server answered 400 (invalid_value)');
      expect(fake.state.received - before).toBe(1);
    });

    it('429 insufficient_quota is never retried', async () => {
      // Prepare
      const before = fake.state.received;
      fake.script({ kind: 'rate_limit', code: 'insufficient_quota' });
      // Act
      const failure = await failureOf(client().complete(request()));
      // Assess
      expect(failure.reason).toBe('insufficient_quota');
      expect(fake.state.received - before).toBe(1);
      expect(sleeps).toEqual([]);
    });

    it('500s are retried with backoff, then server_error once the attempts are spent', async () => {
      // Prepare
      fake.script({ kind: 'server_error' }, { kind: 'server_error', status: 503 }, { kind: 'server_error' });
      // Act
      const failure = await failureOf(client().complete(request()));
      // Assess: 500 ms · 2^(n−1) with jitter 0.5 + 0.5/2 = 0.75.
      expect(failure.reason).toBe('server_error');
      expect(sleeps).toEqual([375, 750]);
    });

    it('x-should-retry: false stops the retries (the fake does not send it: one scripted answer)', async () => {
      // Prepare
      let calls = 0;
      const fetch = async () => {
        calls += 1;
        return Response.json(
          { error: { message: 'busy', type: 'server_error', param: null, code: null } },
          { status: 503, headers: { 'x-should-retry': 'false' } },
        );
      };
      // Act
      const failure = await failureOf(client({ fetch }).complete(request()));
      // Assess
      expect(failure.reason).toBe('server_error');
      expect(calls).toBe(1);
    });

    it('an unreachable server is connection_error, retried', async () => {
      // Prepare: a fake stopped before the call leaves a port nobody listens on.
      const gone = await startFakeOpenAi();
      await gone.stop();
      // Act
      const failure = await failureOf(client({ baseURL: gone.url, maxAttempts: 2 }).complete(request()));
      // Assess
      expect(failure.reason).toBe('connection_error');
      expect(sleeps).toHaveLength(1);
    });

    it('a server that never answers is timeout after the attempt’s timeout', async () => {
      // Prepare
      fake.script({ kind: 'hang' });
      // Act
      const failure = await failureOf(client({ timeoutMs: 300, maxAttempts: 1 }).complete(request()));
      // Assess
      expect(failure.reason).toBe('timeout');
    });
  });

  describe('Method: complete (Retry-After and the deadline)', () => {
    it('waits what retry-after-ms says, then answers', async () => {
      // Prepare
      fake.script(
        { kind: 'rate_limit', retryAfterMs: 250 },
        { kind: 'json', value: { reply: 'ok', needsHuman: false } },
      );
      // Act
      const result = await client().complete(request());
      // Assess
      expect(result.output).toEqual({ reply: 'ok', needsHuman: false });
      expect(sleeps).toEqual([250]);
    });

    it('waits what retry-after says in seconds', async () => {
      // Prepare
      fake.script(
        { kind: 'rate_limit', retryAfterSeconds: 2 },
        { kind: 'json', value: { reply: 'ok', needsHuman: false } },
      );
      // Act
      await client().complete(request());
      // Assess
      expect(sleeps).toEqual([2000]);
    });

    it('does not wait past the deadline: provider_rate_limit at once', async () => {
      // Prepare: the server asks for 30 s, the caller has 10 s.
      const before = fake.state.received;
      fake.script({ kind: 'rate_limit', retryAfterSeconds: 30 });
      // Act
      const failure = await failureOf(client().complete(request({ deadlineAt: NOW + 10_000 })));
      // Assess
      expect(failure.reason).toBe('provider_rate_limit');
      expect(failure.message).toContain('would pass the time budget');
      expect(sleeps).toEqual([]);
      expect(fake.state.received - before).toBe(1);
    });

    it('starts no attempt when the deadline is (almost) there: budget_exhausted, no request', async () => {
      // Prepare
      const before = fake.state.received;
      // Act
      const failure = await failureOf(client().complete(request({ deadlineAt: NOW + 100 })));
      // Assess
      expect(failure.reason).toBe('budget_exhausted');
      expect(fake.state.received - before).toBe(0);
    });
  });
});
