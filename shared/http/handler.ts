import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import type { Role } from '../domain/workspaces/roles';
import { inLogScope } from '../observability/logger';
import {
  DEFAULT_MAX_BODY_BYTES,
  flushMetrics,
  type HttpContext,
  httpErrors,
  jsonBody,
  requestContext,
  requireAuth,
  validate,
} from './middlewares';
import { rateLimit } from './rate-limit';
import type { AuthedRequest, HttpRequest, WorkspaceRequest } from './request';
import type { HttpResponse } from './response';
import { webhookGuard } from './webhook-guard';
import { workspaceAccess } from './workspace-access';

type Schema = z.ZodType | undefined;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

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

type Handler<R> = (request: R) => Promise<HttpResponse> | HttpResponse;
export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/**
 * The one way to write an HTTP Lambda: declare what the route accepts, write a plain async function.
 * middy runs `before` top-down and `after`/`onError` bottom-up: metrics flush (last out) → request id → errors → body → auth → workspace →
 * validation, so a bad token is a 401 before a bad body is a 400, and nothing reaches a service unvalidated.
 */
function build(
  options: RouteOptions<Schema, Schema, Schema>,
  access: 'public' | 'user' | Role,
  fn: Handler<never>,
  apiKeys = false,
): ApiHandler {
  const chain = middy<APIGatewayProxyEventV2, HttpResponse, Error, HttpContext>()
    .use(flushMetrics())
    .use(requestContext())
    .use(httpErrors())
    .use(rateLimit());
  if (options.webhook) chain.use(webhookGuard());
  chain.use(jsonBody(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  if (access !== 'public') chain.use(requireAuth({ apiKeys }));
  if (access !== 'public' && access !== 'user') chain.use(workspaceAccess(access));
  chain.use(validate(options));
  const handler = chain.handler(async (_event, context) => fn(context.http as never));
  // Each invocation logs in its own scope (the request's correlation id), see inLogScope.
  return inLogScope((event, context) =>
    handler(event, { ...context, http: undefined } as unknown as HttpContext),
  );
}

export const http = {
  /** No token needed (signup, login, webhooks, health…). */
  public<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P>,
    fn: Handler<HttpRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(options, 'public', fn as Handler<never>);
  },
  /** A valid access token is required (a person's: workspace API keys are refused). */
  user<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P>,
    fn: Handler<AuthedRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(options, 'user', fn as Handler<never>);
  },
  /**
   * A valid token and membership (at least `minRole`) of the workspace in X-Workspace-Id or the /workspaces/{id}
   * path, or a workspace API key of that workspace (member role, its scope).
   */
  workspace<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
    options: RouteOptions<B, Q, P> & WorkspaceRouteOptions,
    fn: Handler<WorkspaceRequest<Infer<B>, Infer<Q>, Infer<P>>>,
  ): ApiHandler {
    return build(options, options.minRole ?? 'member', fn as Handler<never>, options.apiKeys !== false);
  },
};
