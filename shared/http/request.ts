import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiKeyScope } from '../domain/api-keys/api-key';
import type { Role } from '../domain/workspaces/roles';

/**
 * What the authorizer proved about the caller, carried in the API Gateway request context. A workspace API key
 * has no user: its `userId` is `apikey:<keyId>` (what records of its actions name), its email is empty, and
 * `apiKey` says which workspace and scope it is confined to.
 */
export interface AuthIdentity {
  userId: string;
  email: string;
  apiKey?: { id: string; workspaceId: string; scope: ApiKeyScope };
}

/** What an HTTP handler receives once parsing, validation, auth and workspace checks have passed. */
export interface HttpRequest<TBody = unknown, TQuery = unknown, TParams = unknown> {
  body: TBody;
  query: TQuery;
  params: TParams;
  headers: Record<string, string | undefined>;
  rawBody: string;
  requestId: string;
  sourceIp: string;
  auth: AuthIdentity | undefined;
  workspace: { id: string; role: Role } | undefined;
  event: APIGatewayProxyEventV2;
}

/** An authenticated request: the handler may rely on auth being present. */
export type AuthedRequest<B = unknown, Q = unknown, P = unknown> = HttpRequest<B, Q, P> & {
  auth: AuthIdentity;
};
/** A workspace-scoped request: the caller is a member of `workspace.id` with `workspace.role`. */
export type WorkspaceRequest<B = unknown, Q = unknown, P = unknown> = AuthedRequest<B, Q, P> & {
  workspace: { id: string; role: Role };
};
