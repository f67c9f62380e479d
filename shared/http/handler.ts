import type { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Role } from '../domain/workspaces/roles';
import { entryChain, inEntryScope } from '../entry/entry';
import type * as z from '../schemas/zod';
import {
  allowMethods,
  DEFAULT_MAX_BODY_BYTES,
  type HttpContext,
  type HttpMiddleware,
  httpErrors,
  jsonBody,
  rawBodyLimit,
  requestContext,
  requireAuth,
  validate,
} from './middlewares';
import { rateLimit } from './rate-limit';
import type { AuthedRequest, HttpRequest, WorkspaceRequest } from './request';
import type { HttpResponse } from './response';
import { webhookGuard } from './webhook-guard';
import { workspaceAccess } from './workspace-access';

type Schema = z.core.$ZodType | undefined;
type Infer<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

interface RouteOptions<B extends Schema, Q extends Schema, P extends Schema> {
  body?: B;
  query?: Q;
  params?: P;
  maxBodyBytes?: number;
  /** A webhook function URL: unauthenticated senders are throttled per IP (see webhook-guard.ts). */
  webhook?: boolean;
}

interface WorkspaceRouteOptions {
  minRole?: Role;
  /**
   * false: people only, no workspace API key (e.g. removing members). Keys are otherwise accepted on workspace
   * routes, confined to their workspace, the member role and their scope (see workspace-access.ts).
   */
  apiKeys?: false;
}

export type Handler<R, Res = HttpResponse> = (request: R) => Promise<Res> | Res;
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/** A streamed answer: the status and headers go out first, then the body as the handler produces it. */
export type StreamedResponse = Omit<HttpResponse, 'body'> & { body: string | Readable };

/** Who may call: anyone, a signed-in person, or a member (of at least this role) of the request's workspace. */
type Access = 'public' | 'user' | Role;

export interface ChainSpec {
  access: Access;
  apiKeys: boolean;
  /**
   * How a non-public route proves the caller: requireAuth reads what API Gateway's authorizer verified; a
   * function URL has no authorizer, so the streaming route passes bearerAuth (shared/http/streaming.ts).
   */
  authenticate?: HttpMiddleware;
  /** `json`: parsed and validated. `raw`: the bytes as sent, only size-checked (a signature is computed on them). */
  body: 'json' | 'raw';
  methods?: readonly string[];
  webhook?: boolean;
  maxBodyBytes?: number;
  schemas: { body?: z.core.$ZodType; query?: z.core.$ZodType; params?: z.core.$ZodType };
}

/**
 * The one middleware stack of every HTTP entry (API routes, raw-body webhooks, the streaming function URL), on
 * the common entry chain. middy runs `before` top-down and `after`/`onError` bottom-up: metrics flush (last out)
 * → request id → errors → rate limit → webhook guard → methods → body → auth → workspace → validation, so a bad
 * token is a 401 before a bad body is a 400, and nothing reaches a service unvalidated.
 */
export function httpChain(spec: ChainSpec) {
  const chain = entryChain<APIGatewayProxyEventV2, HttpResponse, HttpContext>();
  const use = (middleware: HttpMiddleware) => chain.use(middleware);
  use(requestContext());
  use(httpErrors());
  use(rateLimit());
  if (spec.webhook) use(webhookGuard());
  if (spec.methods) use(allowMethods(spec.methods));
  const maxBytes = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  use(spec.body === 'raw' ? rawBodyLimit(maxBytes) : jsonBody(maxBytes));
  if (spec.access !== 'public') use(spec.authenticate ?? requireAuth({ apiKeys: spec.apiKeys }));
  if (spec.access !== 'public' && spec.access !== 'user') use(workspaceAccess(spec.access));
  use(validate(spec.schemas));
  return chain;
}

/**
 * Where a built handler keeps the schemas and access it validates with: the architecture test checks them
 * against the route manifest's, so the two cannot drift apart.
 */
export const ROUTE_SPEC = Symbol.for('flowia.routeSpec');
export type RouteSpec = Pick<ChainSpec, 'access' | 'schemas'>;

function build(spec: ChainSpec, fn: Handler<never>): ApiHandler {
  const handler = httpChain(spec).handler(async (_event, context) => fn(context.http as never));
  const entry = inEntryScope((event, context) =>
    handler(event, { ...context, http: undefined } as unknown as HttpContext),
  ) as ApiHandler;
  return withSpec(entry, spec);
}

export function withSpec<F>(handler: F, { access, schemas }: ChainSpec): F {
  const spec: RouteSpec = { access, schemas };
  return Object.assign(handler as object, { [ROUTE_SPEC]: spec }) as F;
}

const schemasOf = ({ body, query, params }: RouteOptions<Schema, Schema, Schema>) => ({
  body,
  query,
  params,
});

export const http = {
  /** No token needed (signup, login, webhooks, health…). */
  public<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P>,
    fn: Handler<HttpRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(
      {
        ...options,
        access: 'public',
        apiKeys: false,
        body: 'json',
        schemas: schemasOf(options),
      },
      fn as Handler<never>,
    );
  },
  /** A valid access token is required (a person's: workspace API keys are refused). */
  user<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P>,
    fn: Handler<AuthedRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(
      {
        ...options,
        access: 'user',
        apiKeys: false,
        body: 'json',
        schemas: schemasOf(options),
      },
      fn as Handler<never>,
    );
  },
  /**
   * A valid token and membership (at least `minRole`) of the workspace in X-Workspace-Id or the /workspaces/{id}
   * path, or a workspace API key of that workspace (member role, its scope).
   */
  workspace<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P> & WorkspaceRouteOptions,
    fn: Handler<WorkspaceRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(
      {
        ...options,
        access: options.minRole ?? 'member',
        apiKeys: options.apiKeys !== false,
        body: 'json',
        schemas: schemasOf(options),
      },
      fn as Handler<never>,
    );
  },
  /**
   * A provider's signed callback on a function URL (Meta's webhook, its data-deletion and deauthorize callbacks):
   * the body stays the exact bytes sent, since the signature is computed over them; methods other than
   * `methods` are a 405; senders that keep failing the signature are throttled per IP (webhookGuard).
   */
  webhook<Q extends Schema = undefined>(
    options: { methods: readonly string[]; maxBodyBytes: number; query?: Q },
    fn: Handler<HttpRequest<undefined, Infer<Q>, undefined>>,
  ): ApiHandler {
    return build(
      {
        methods: options.methods,
        maxBodyBytes: options.maxBodyBytes,
        access: 'public',
        apiKeys: false,
        body: 'raw',
        webhook: true,
        schemas: { query: options.query },
      },
      fn as Handler<never>,
    );
  },
};
