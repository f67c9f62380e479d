import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A fake OpenAI (or OpenAI-compatible) server speaking POST /v1/chat/completions over real HTTP, for the
 * official SDK pointed at it with baseURL. It checks what the real one checks (Bearer key, JSON body, model,
 * messages, a strict json_schema response_format with every property required and additionalProperties false)
 * and answers with the real shapes: chat.completion bodies, x-ratelimit-* headers, and the real error bodies
 * (429 rate_limit_exceeded with retry-after / retry-after-ms, 429 insufficient_quota, 500, 401 invalid_api_key).
 * Faults are scripted: `script(...)` queues the next replies; otherwise `responder` decides; otherwise a value
 * is generated from the requested schema. Self-contained (node only) so the local stage can run it too.
 *
 * Reasoning models (o-series, gpt-5) are told apart by name, as the API reference does: they refuse the
 * deprecated `max_tokens` with the real 400 envelope, and the reasoning they do counts against
 * `max_completion_tokens`, so a cap smaller than their reasoning comes back cut (finish_reason "length", no
 * visible content), as the real models do.
 */
export type FakeOpenAiReply =
  /** 200; content = JSON.stringify(value). */
  | { kind: 'json'; value: unknown }
  /** 200 with raw content (e.g. invalid JSON). */
  | { kind: 'content'; content: string }
  /** 200 with message.refusal set and content null. */
  | { kind: 'refusal'; refusal?: string }
  /** 200 with finish_reason "length" and a cut JSON content. */
  | { kind: 'length' }
  | {
      kind: 'rate_limit';
      code?: 'rate_limit_exceeded' | 'insufficient_quota';
      retryAfterSeconds?: number;
      retryAfterMs?: number;
    }
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** Accepts the request and never answers (the client must time out). */
  | { kind: 'hang' };

export interface FakeOpenAiRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  schemaName: string | null;
  schema: JsonSchema | null;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface FakeOpenAiOptions {
  apiKey?: string;
  responder?: (request: FakeOpenAiRequest) => FakeOpenAiReply | undefined;
  /** Requests per minute announced in x-ratelimit-* headers. */
  requestsPerMinute?: number;
  /** Tokens a reasoning model spends thinking before its visible answer (default 1024). */
  reasoningTokens?: number;
}

export interface FakeOpenAiState {
  requests: FakeOpenAiRequest[];
  /** Every request, including the rejected ones (bad key, bad body). */
  received: number;
  queue: FakeOpenAiReply[];
  responder: ((request: FakeOpenAiRequest) => FakeOpenAiReply | undefined) | undefined;
}

export interface FakeOpenAi {
  /** Base URL for the SDK, /v1 included. */
  url: string;
  apiKey: string;
  state: FakeOpenAiState;
  /** Queues replies used before the responder, one per request. */
  script(...replies: FakeOpenAiReply[]): void;
  stop(): Promise<void>;
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
};

const SCHEMA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * o-series (o1, o3-mini, o4-mini…) and gpt-5 (gpt-5, gpt-5-mini, gpt-5.1…) are the reasoning families.
 * `max_tokens` "is now deprecated in favor of `max_completion_tokens`, and is not compatible with o-series
 * models": https://platform.openai.com/docs/api-reference/chat/create (same doc comment in the official SDK,
 * https://github.com/openai/openai-node/blob/master/src/resources/chat/completions/completions.ts). gpt-5
 * models answer the same 400 (reported verbatim in public issues, e.g.
 * https://github.com/griptape-ai/ComfyUI-Griptape/issues/312); no official page prints the error body.
 */
const REASONING_MODEL = /^(o\d|gpt-5)/;
const isReasoningModel = (model: string) => REASONING_MODEL.test(model);

class BadRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** Strict mode rules (OpenAI structured outputs): objects list every property as required, no extras. */
function checkStrict(schema: JsonSchema, path: string, name: string): void {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) {
    const properties = Object.keys(schema.properties ?? {});
    const missing = properties.filter((p) => !(schema.required ?? []).includes(p));
    if (missing.length > 0)
      throw new BadRequest(
        `Invalid schema for response_format '${name}': In context=(${path}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`,
        'response_format',
      );
    if (schema.additionalProperties !== false)
      throw new BadRequest(
        `Invalid schema for response_format '${name}': In context=(${path}), 'additionalProperties' is required to be supplied and to be false.`,
        'response_format',
      );
    for (const [key, child] of Object.entries(schema.properties ?? {}))
      checkStrict(child, `${path}${path ? ', ' : ''}'properties', '${key}'`, name);
  }
  if (schema.items) checkStrict(schema.items, `${path}, 'items'`, name);
  for (const branch of schema.anyOf ?? []) checkStrict(branch, `${path}, 'anyOf'`, name);
}

/** A value matching the schema (first enum value, non-null branch, sample strings): the default answer. */
export function sampleOf(schema: JsonSchema, root: JsonSchema = schema): unknown {
  if (schema.$ref) {
    const name = schema.$ref.split('/').at(-1)!;
    return sampleOf((root.$defs ?? root.definitions)?.[name] ?? {}, root);
  }
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleOf(schema.anyOf.find((b) => b.type !== 'null') ?? schema.anyOf[0]!, root);
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t !== 'null');
  switch (types[0]) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, child]) => [key, sampleOf(child, root)]),
      );
    case 'array':
      return [];
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return 'sample text from the fake model';
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseRequest(raw: string): FakeOpenAiRequest {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new BadRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      null,
    );
  }
  if (typeof body.model !== 'string' || !body.model)
    throw new BadRequest('you must provide a model parameter', null);
  if (body.max_tokens !== undefined && body.max_tokens !== null && isReasoningModel(body.model))
    throw new BadRequest(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      'max_tokens',
      'unsupported_parameter',
    );
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    throw new BadRequest("[] is too short - 'messages'", 'messages', 'empty_array');
  const format = body.response_format as
    | { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: JsonSchema } }
    | undefined;
  let schemaName: string | null = null;
  let schema: JsonSchema | null = null;
  if (format) {
    if (!['text', 'json_object', 'json_schema'].includes(format.type ?? ''))
      throw new BadRequest(
        `Invalid value: '${format.type}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
        'response_format.type',
        'invalid_value',
      );
    if (format.type === 'json_schema') {
      const definition = format.json_schema;
      if (!definition?.name || !SCHEMA_NAME.test(definition.name))
        throw new BadRequest(
          "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
          'response_format.json_schema.name',
          'invalid_value',
        );
      schemaName = definition.name;
      schema = definition.schema ?? {};
      if (definition.strict) checkStrict(schema, '', definition.name);
    }
  }
  return {
    model: body.model,
    messages: messages as FakeOpenAiRequest['messages'],
    schemaName,
    schema,
    body,
    receivedAt: Date.now(),
  };
}

export async function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  const apiKey = options.apiKey ?? `sk-fake-${randomUUID()}`;
  const limit = options.requestsPerMinute ?? 500;
  const reasoningTokens = options.reasoningTokens ?? 1024;
  const state: FakeOpenAiState = { requests: [], received: 0, queue: [], responder: options.responder };
  const sockets = new Set<Socket>();

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): true {
    const used = state.requests.length;
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req_${randomUUID().replaceAll('-', '')}`,
      'openai-processing-ms': '42',
      'x-ratelimit-limit-requests': String(limit),
      'x-ratelimit-remaining-requests': String(Math.max(0, limit - used)),
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149000',
      'x-ratelimit-reset-tokens': '6m0s',
      ...headers,
    });
    response.end(JSON.stringify(body));
    return true;
  }
  const error = (message: string, type: string, param: string | null, code: string | null) => ({
    error: { message, type, param, code },
  });

  /**
   * "max_completion_tokens: An upper bound for the number of tokens that can be generated for a completion,
   * including visible output tokens and reasoning tokens" (API reference above). A reasoning model whose cap
   * is spent on reasoning returns finish_reason "length" before any visible output:
   * https://platform.openai.com/docs/guides/reasoning (controlling costs).
   */
  function completion(request: FakeOpenAiRequest, message: Record<string, unknown>, finish = 'stop') {
    const promptTokens = JSON.stringify(request.messages).length >> 2;
    const reasoning = isReasoningModel(request.model) ? reasoningTokens : 0;
    const cap = Number(
      request.body.max_completion_tokens ?? request.body.max_tokens ?? Number.POSITIVE_INFINITY,
    );
    let visibleTokens = String(message.content ?? message.refusal ?? '').length >> 2;
    // Only the reasoning budget is modelled: visible-token counts here are estimates (4 characters a token).
    if (reasoning > 0 && reasoning + visibleTokens > cap) {
      const kept = Math.max(0, cap - reasoning) * 4;
      message = { ...message, content: String(message.content ?? '').slice(0, kept), refusal: null };
      finish = 'length';
      visibleTokens = Math.max(0, Math.min(visibleTokens, cap - reasoning));
    }
    const completionTokens = Math.min(cap, reasoning + visibleTokens);
    return {
      id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', annotations: [], ...message },
          logprobs: null,
          finish_reason: finish,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        completion_tokens_details: { reasoning_tokens: Math.min(cap, reasoning) },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  }

  function answer(response: ServerResponse, request: FakeOpenAiRequest, reply: FakeOpenAiReply): boolean {
    switch (reply.kind) {
      case 'json':
        return send(
          response,
          200,
          completion(request, { content: JSON.stringify(reply.value), refusal: null }),
        );
      case 'content':
        return send(response, 200, completion(request, { content: reply.content, refusal: null }));
      case 'refusal':
        return send(
          response,
          200,
          completion(request, {
            content: null,
            refusal: reply.refusal ?? "I'm sorry, I can't assist with that request.",
          }),
        );
      case 'length': {
        const full = JSON.stringify(request.schema ? sampleOf(request.schema) : {});
        return send(
          response,
          200,
          completion(
            request,
            { content: full.slice(0, Math.max(1, full.length >> 1)), refusal: null },
            'length',
          ),
        );
      }
      case 'rate_limit': {
        const headers: Record<string, string> = { 'x-ratelimit-remaining-requests': '0' };
        if (reply.retryAfterSeconds !== undefined) headers['retry-after'] = String(reply.retryAfterSeconds);
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        if (reply.code === 'insufficient_quota')
          return send(
            response,
            429,
            error(
              'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
              'insufficient_quota',
              null,
              'insufficient_quota',
            ),
            headers,
          );
        return send(
          response,
          429,
          error(
            `Rate limit reached for ${request.model} in organization org-fake on requests per min (RPM): Limit ${limit}, Used ${limit}, Requested 1. Please try again in ${reply.retryAfterSeconds ?? 1}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
            'requests',
            null,
            'rate_limit_exceeded',
          ),
          headers,
        );
      }
      case 'server_error':
        return send(
          response,
          reply.status ?? 500,
          error(
            'The server had an error while processing your request. Sorry about that!',
            'server_error',
            null,
            null,
          ),
        );
      case 'hang':
        // Keep the socket open; the client's timeout (or stop()) ends it.
        return false;
    }
  }

  const server = createServer(async (request, response) => {
    state.received += 1;
    const raw = await readBody(request);
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    if (request.method !== 'POST' || path !== '/v1/chat/completions')
      return send(
        response,
        404,
        error(`Invalid URL (${request.method} ${path})`, 'invalid_request_error', null, null),
      );
    const authorization = request.headers.authorization ?? '';
    if (!authorization.startsWith('Bearer '))
      return send(
        response,
        401,
        error(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          'invalid_request_error',
          null,
          null,
        ),
      );
    const given = authorization.slice('Bearer '.length);
    if (given !== apiKey)
      return send(
        response,
        401,
        error(
          `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          null,
          'invalid_api_key',
        ),
      );
    let parsed: FakeOpenAiRequest;
    try {
      parsed = parseRequest(raw);
    } catch (failure) {
      if (failure instanceof BadRequest)
        return send(
          response,
          400,
          error(failure.message, 'invalid_request_error', failure.param, failure.code),
        );
      throw failure;
    }
    state.requests.push(parsed);
    const reply = state.queue.shift() ??
      state.responder?.(parsed) ?? {
        kind: 'json',
        value: parsed.schema ? sampleOf(parsed.schema) : 'Hello!',
      };
    if (reply.kind === 'json' && !parsed.schema)
      return send(response, 200, completion(parsed, { content: String(reply.value), refusal: null }));
    answer(response, parsed, reply);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    state,
    script: (...replies) => {
      state.queue.push(...replies);
    },
    stop: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
