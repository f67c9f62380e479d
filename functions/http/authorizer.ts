import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { verifyAccessToken } from '../../shared/adapters/jwt/access-token';
import { jwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { config } from '../../shared/config';
import { looksLikeApiKey } from '../../shared/domain/api-keys/api-key';
import { apiKeyService } from '../../shared/wiring/api-keys';

export type AuthorizerContext =
  | { userId: string; email: string }
  | { apiKeyId: string; workspaceId: string; scope: string }
  | { authError: string };

/**
 * HTTP API Lambda authorizer (simple responses, no caching). A JWT access token is verified by its signature and
 * claims without touching the database; a workspace API key (`fia_…`, see shared/domain/api-keys/api-key.ts)
 * costs one GetItem (and at most one write a minute for its last-used time). It never denies: a denial would make
 * API Gateway answer a bare `{"message":"Forbidden"}`, while the contract wants the JSON 401 that the route's
 * requireAuth middleware builds from `authError`. Routes marked `auth: 'jwt'` in the manifest always use that
 * middleware, which also confines an API key to its workspace, its scope and the member role.
 */
export async function handler(
  event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers'>,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/);
  if (!match?.[1])
    return { isAuthorized: true, context: { authError: 'A Bearer access token is required.' } };
  if (looksLikeApiKey(match[1])) {
    const result = await apiKeyService().authenticate(match[1]);
    return result.ok
      ? {
          isAuthorized: true,
          context: {
            apiKeyId: result.key.keyId,
            workspaceId: result.key.workspaceId,
            scope: result.key.scope,
          },
        }
      : { isAuthorized: true, context: { authError: result.reason } };
  }
  const result = await verifyAccessToken(match[1], await jwtSecret(), {
    maxTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
  });
  return result.ok
    ? { isAuthorized: true, context: { userId: result.claims.userId, email: result.claims.email } }
    : { isAuthorized: true, context: { authError: result.reason } };
}
