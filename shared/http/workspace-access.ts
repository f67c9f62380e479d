import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { hasAtLeast, type Role } from '../domain/workspaces/roles';
import { ForbiddenError, ValidationError } from '../errors';
import type { HttpMiddleware } from './middlewares';

const store = new DynamoWorkspaceStore();
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
      const workspaceId = fromPath ?? http.headers['x-workspace-id'];
      if (!workspaceId)
        throw new ValidationError('The X-Workspace-Id header is required.', [
          { path: 'headers.x-workspace-id', message: 'required' },
        ]);
      if (!WORKSPACE_ID.test(workspaceId))
        throw new ValidationError('The workspace id is malformed.', [
          { path: 'headers.x-workspace-id', message: 'must be an id' },
        ]);
      const auth = http.auth;
      const member = auth ? await store.getMember(workspaceId, auth.userId) : undefined;
      if (!member) throw new ForbiddenError('You are not a member of this workspace.');
      if (!hasAtLeast(member.role, minRole))
        throw new ForbiddenError(`This action needs the ${minRole} role or above.`);
      http.workspace = { id: workspaceId, role: member.role };
    },
  };
}
