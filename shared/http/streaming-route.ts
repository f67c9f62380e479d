import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { verifyAccessToken } from '../adapters/jwt/access-token';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { looksLikeApiKey } from '../domain/api-keys/api-key';
import { hasAtLeast, type Role } from '../domain/workspaces/roles';
import { AppError, ForbiddenError, UnauthorizedError, ValidationError } from '../errors';
import { logger } from '../observability/logger';
import { zodDetails } from '../schemas/validation';
import { apiKeyService } from '../wiring/api-keys';
import { awslambda, type StreamingLambdaHandler } from './lambda-streaming';
import type { AuthIdentity } from './request';
import { errorResponse, internalErrorResponse } from './response';
import { apiKeyAccess } from './workspace-access';

const members = new DynamoWorkspaceStore();
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface StreamingRequest<Q> {
  query: Q;
  requestId: string;
  auth: AuthIdentity;
  workspace: { id: string; role: Role };
}

/**
 * A workspace-scoped route served by a streaming function URL. Function URLs have no authorizer, so this does
 * what the authorizer + middlewares do for API routes: verify the Bearer token (same verifyAccessToken), check
 * membership of X-Workspace-Id, validate the query, and answer errors with the contract's JSON shape. Once the
 * handler has started the body, a failure can only cut the stream short.
 */
export function streamingWorkspaceRoute<Q extends z.ZodType>(
  options: { query: Q; minRole?: Role },
  fn: (request: StreamingRequest<z.output<Q>>, open: (prelude: StreamPrelude) => Writable) => Promise<void>,
): StreamingLambdaHandler<APIGatewayProxyEventV2> {
  return awslambda.streamifyResponse<APIGatewayProxyEventV2>(async (event, responseStream) => {
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']),
    );
    const incoming = headers['x-request-id'];
    const requestId =
      incoming && /^[A-Za-z0-9._:-]{1,128}$/.test(incoming)
        ? incoming
        : (event.requestContext?.requestId ?? '');
    let opened = false;
    const open = (prelude: StreamPrelude) => {
      opened = true;
      return awslambda.HttpResponseStream.from(responseStream, {
        statusCode: prelude.statusCode,
        headers: { ...prelude.headers, 'x-request-id': requestId },
      });
    };
    try {
      const auth = await authenticate(headers.authorization);
      const minRole = options.minRole ?? 'member';
      const workspace = auth.apiKey
        ? await apiKeyAccess(
            auth.apiKey,
            headers['x-workspace-id'] || auth.apiKey.workspaceId,
            minRole,
            event,
          )
        : await authorize(auth.userId, headers['x-workspace-id'], minRole);
      const parsed = options.query.safeParse(event.queryStringParameters ?? {});
      if (!parsed.success) {
        const details = zodDetails(parsed.error);
        throw new ValidationError(
          `Invalid query: ${details.map((d) => d.path || 'query').join(', ')}.`,
          details,
        );
      }
      await fn({ query: parsed.data, requestId, auth, workspace }, open);
    } catch (error) {
      if (opened) {
        logger.error('stream failed after it started', { error: error as Error, requestId });
        responseStream.destroy(error as Error);
        return;
      }
      if (!(error instanceof AppError)) logger.error('unhandled error', { error: error as Error, requestId });
      const response = error instanceof AppError ? errorResponse(error) : internalErrorResponse();
      const stream = open({ statusCode: response.statusCode, headers: response.headers });
      stream.end(response.body);
    }
  });
}

export interface StreamPrelude {
  statusCode: number;
  headers: Record<string, string>;
}

/** The same credentials as the API's authorizer (functions/http/authorizer.ts): an access token or an API key. */
async function authenticate(header: string | undefined): Promise<AuthIdentity> {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/);
  if (!match?.[1]) throw new UnauthorizedError('A Bearer access token is required.');
  if (looksLikeApiKey(match[1])) {
    const key = await apiKeyService().authenticate(match[1]);
    if (!key.ok) throw new UnauthorizedError(key.reason);
    return {
      userId: `apikey:${key.key.keyId}`,
      email: '',
      apiKey: { id: key.key.keyId, workspaceId: key.key.workspaceId, scope: key.key.scope },
    };
  }
  const result = await verifyAccessToken(match[1], await jwtSecret(), {
    maxTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
  });
  if (!result.ok) throw new UnauthorizedError(result.reason);
  return result.claims;
}

async function authorize(userId: string, workspaceId: string | undefined, minRole: Role) {
  if (!workspaceId)
    throw new ValidationError('The X-Workspace-Id header is required.', [
      { path: 'headers.x-workspace-id', message: 'required' },
    ]);
  if (!WORKSPACE_ID.test(workspaceId))
    throw new ValidationError('The workspace id is malformed.', [
      { path: 'headers.x-workspace-id', message: 'must be an id' },
    ]);
  const member = await members.getMember(workspaceId, userId);
  if (!member) throw new ForbiddenError('You are not a member of this workspace.');
  if (!hasAtLeast(member.role, minRole))
    throw new ForbiddenError(`This action needs the ${minRole} role or above.`);
  return { id: workspaceId, role: member.role };
}
