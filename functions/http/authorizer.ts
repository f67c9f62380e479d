import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { verifyAccessToken } from '../../shared/adapters/jwt/access-token';
import { jwtSecret } from '../../shared/adapters/secrets/jwt-secret';
import { config } from '../../shared/config';

export type AuthorizerContext = { userId: string; email: string } | { authError: string };

/**
 * HTTP API Lambda authorizer (simple responses, no caching). Verifies the access token's signature and claims
 * without touching the database. It never denies: a denial would make API Gateway answer a bare
 * `{"message":"Forbidden"}`, while the contract wants the JSON 401 that the route's requireAuth middleware
 * builds from `authError`. Routes marked `auth: 'jwt'` in the manifest always use that middleware.
 */
export async function handler(
  event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers'>,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/);
  if (!match?.[1])
    return { isAuthorized: true, context: { authError: 'A Bearer access token is required.' } };
  const result = await verifyAccessToken(match[1], await jwtSecret(), {
    maxTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
  });
  return result.ok
    ? { isAuthorized: true, context: { userId: result.claims.userId, email: result.claims.email } }
    : { isAuthorized: true, context: { authError: result.reason } };
}
