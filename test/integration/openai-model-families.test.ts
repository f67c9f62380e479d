import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OpenAiStructuredCompletion,
  REASONING_HEADROOM_TOKENS,
} from '../../shared/adapters/openai/openai-completion';
import * as z from '../../shared/schemas/zod';
import { AiUnavailableError } from '../../shared/services/ai/ports';
import { type FakeOpenAi, startFakeOpenAi } from '../../simulation/openai';

// One fake with the default reasoning spend (1024 tokens), one whose reasoning outgrows any cap we send.
let fake: FakeOpenAi;
let deepThinker: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
  deepThinker = await startFakeOpenAi({ reasoningTokens: 50_000 });
});
afterAll(async () => {
  await fake?.stop();
  await deepThinker?.stop();
});

const replySchema = z.object({ reply: z.string() });
const replyJsonSchema = {
  type: 'object',
  properties: { reply: { type: 'string' } },
  required: ['reply'],
  additionalProperties: false,
};
const completion = (server: FakeOpenAi, model: string) =>
  new OpenAiStructuredCompletion({
    apiKey: server.apiKey,
    baseURL: server.url,
    model,
    timeoutMs: 5_000,
    maxAttempts: 1,
    sleep: async () => {},
  });
const ask = (client: OpenAiStructuredCompletion) =>
  client.complete({
    system: 'You answer customers of a bakery.',
    user: 'Combien coûte la box ?',
    schemaName: 'reply',
    schema: replySchema,
    jsonSchema: replyJsonSchema,
    deadlineAt: Date.now() + 10_000,
    maxOutputTokens: 300,
  });

/** A raw Chat Completions call, as any client would send it, to see what the fake itself refuses. */
async function rawCall(model: string, cap: Record<string, number>) {
  const response = await fetch(`${fake.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...cap }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Class: OpenAiStructuredCompletion', () => {
  describe('Method: complete (one model of each family)', () => {
    it.each([
      ['gpt-4o-mini', 300],
      ['o4-mini', 300 + REASONING_HEADROOM_TOKENS],
      ['gpt-5-mini', 300 + REASONING_HEADROOM_TOKENS],
    ])(
      '%s: sends max_completion_tokens (never max_tokens) and gets the structured answer',
      async (model, cap) => {
        // Prepare
        fake.script({ kind: 'json', value: { reply: 'La box est à 29 €.' } });
        // Act
        const answer = await ask(completion(fake, model));
        // Assess
        expect(answer.output).toEqual({ reply: 'La box est à 29 €.' });
        expect(answer.usage?.promptTokens).toBeGreaterThan(0);
        const sent = fake.state.requests.at(-1)!;
        expect(sent.model).toBe(model);
        expect(sent.body.max_completion_tokens).toBe(cap);
        expect(sent.body).not.toHaveProperty('max_tokens');
      },
    );

    it('a reasoning model that spends the whole cap thinking comes back cut: invalid_output, no retry', async () => {
      // Prepare
      const before = deepThinker.state.received;
      deepThinker.script({ kind: 'json', value: { reply: 'never seen' } });
      // Act
      const failure = await ask(completion(deepThinker, 'o3-mini')).catch((error: unknown) => error);
      // Assess
      expect(failure).toBeInstanceOf(AiUnavailableError);
      expect((failure as AiUnavailableError).reason).toBe('invalid_output');
      expect(deepThinker.state.received - before).toBe(1);
    });
  });
});

describe('Fake: OpenAI Chat Completions (what the real API refuses)', () => {
  it.each(['o1', 'o3-mini', 'gpt-5', 'gpt-5.1'])(
    'refuses max_tokens for %s with the real 400 envelope',
    async (model) => {
      // Act
      const { status, body } = await rawCall(model, { max_tokens: 100 });
      // Assess
      expect(status).toBe(400);
      expect(body).toEqual({
        error: {
          message:
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          type: 'invalid_request_error',
          param: 'max_tokens',
          code: 'unsupported_parameter',
        },
      });
    },
  );

  it('still accepts the deprecated max_tokens for a gpt-4o model, and max_completion_tokens for all', async () => {
    expect((await rawCall('gpt-4o-mini', { max_tokens: 100 })).status).toBe(200);
    expect((await rawCall('gpt-4o-mini', { max_completion_tokens: 100 })).status).toBe(200);
    const reasoning = await rawCall('o4-mini', { max_completion_tokens: 5_000 });
    expect(reasoning.status).toBe(200);
    expect(reasoning.body.usage).toMatchObject({ completion_tokens_details: { reasoning_tokens: 1024 } });
  });
});
