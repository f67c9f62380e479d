import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { stageTable } from '../adapters/dynamo/client';
import { DynamoMembershipReader } from '../adapters/dynamo/membership-reader';
import { scopeAllows } from '../domain/api-keys/api-key';
import { hasAtLeast, type Role } from '../domain/workspaces/roles';
import { ForbiddenError, ValidationError } from '../errors';
import type { HttpMiddleware } from './middlewares';
import type { AuthIdentity } from './request';

const store = new DynamoMembershipReader(stageTable);
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Resolves the workspace of a scoped request and checks the caller's membership (one consistent GetItem).
 * /workspaces/{id}/… routes name the workspace in the path; every other scoped route uses X-Workspace-Id.
 * A workspace the caller does not belong to is a 403 whether or not it exists, so ids cannot be probed.
 */
export function workspaceAccess(minRole: Role): HttpMiddleware {
  return {
    name: 'workspaceAccess',
    before: async (request) => {
      const http = request.context.http;
      const fromPath = request.event.routeKey?.includes('/workspaces/{id}')
        ? request.event.pathParameters?.id
        : undefined;
      const apiKey = http.auth?.apiKey;
      // An API key names its workspace itself: X-Workspace-Id is optional with one, and must agree when sent.
      const workspaceId = fromPath ?? http.headers['x-workspace-id'] ?? apiKey?.workspaceId;
      if (!workspaceId)
        throw new ValidationError('The X-Workspace-Id header is required.', [
          { path: 'headers.x-workspace-id', message: 'required' },
        ]);
      if (!WORKSPACE_ID.test(workspaceId))
        throw new ValidationError('The workspace id is malformed.', [
          { path: 'headers.x-workspace-id', message: 'must be an id' },
        ]);
      if (apiKey) {
        http.workspace = await apiKeyAccess(apiKey, workspaceId, minRole, request.event);
        return;
      }
      const auth = http.auth;
      const member = auth ? await store.getMember(workspaceId, auth.userId) : undefined;
      if (!member) throw new ForbiddenError('You are not a member of this workspace.');
      if (!hasAtLeast(member.role, minRole))
        throw new ForbiddenError(`This action needs the ${minRole} role or above.`);
      http.workspace = { id: workspaceId, role: member.role };
    },
  };
}

/**
 * An API key acts for its own workspace only, with the member role (never an owner's or admin's action: key
 * management, billing, members), and a `read` key only reads. One GetItem proves the workspace still exists
 * (its keys die with it), as the member GetItem does for a person.
 */
export async function apiKeyAccess(
  apiKey: NonNullable<AuthIdentity['apiKey']>,
  workspaceId: string,
  minRole: Role,
  event: APIGatewayProxyEventV2,
): Promise<{ id: string; role: Role }> {
  if (workspaceId !== apiKey.workspaceId)
    throw new ForbiddenError('This API key belongs to another workspace.');
  const method = event.requestContext?.http?.method ?? event.routeKey?.split(' ')[0] ?? '';
  if (!scopeAllows(apiKey.scope, method))
    throw new ForbiddenError('This API key is read-only: it may only send GET requests.');
  if (!hasAtLeast('member', minRole))
    throw new ForbiddenError(`API keys act with the member role; this action needs the ${minRole} role.`);
  if (!(await store.getWorkspace(workspaceId))) throw new ForbiddenError('This workspace no longer exists.');
  return { id: workspaceId, role: 'member' };
}
