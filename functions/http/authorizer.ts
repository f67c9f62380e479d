import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { lambdaEntry } from '../../shared/entry/entry';
import { verifyBearer } from '../../shared/http/credentials';

export type AuthorizerContext =
  | { userId: string; email: string }
  | { apiKeyId: string; workspaceId: string; scope: string }
  | { authError: string };

/**
 * HTTP API Lambda authorizer (simple responses, no caching): the credential is checked by verifyBearer (shared
 * with the function-URL routes). It never denies: a denial would make API Gateway answer a bare
 * `{"message":"Forbidden"}`, while the contract wants the JSON 401 that the route's requireAuth middleware builds
 * from `authError`. Routes marked `auth: 'jwt'` in the manifest always use that middleware, which also confines
 * an API key to its workspace, its scope and the member role.
 */
export const handler = lambdaEntry(
  async (
    event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers'>,
  ): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
    const credentials = await verifyBearer(event.headers?.authorization ?? event.headers?.Authorization);
    if (!credentials.ok) return { isAuthorized: true, context: { authError: credentials.reason } };
    const { identity } = credentials;
    return {
      isAuthorized: true,
      context: identity.apiKey
        ? {
            apiKeyId: identity.apiKey.id,
            workspaceId: identity.apiKey.workspaceId,
            scope: identity.apiKey.scope,
          }
        : { userId: identity.userId, email: identity.email },
    };
  },
);
