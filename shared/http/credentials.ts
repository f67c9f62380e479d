import { verifyAccessToken } from '../adapters/jwt/access-token';
import { jwtSecret } from '../adapters/secrets/jwt-secret';
import { config } from '../config';
import { looksLikeApiKey } from '../domain/api-keys/api-key';
import { apiKeyService } from '../wiring/api-keys';
import type { AuthIdentity } from './request';

export type Credentials = { ok: true; identity: AuthIdentity } | { ok: false; reason: string };

/**
 * Verifies an `Authorization: Bearer …` header: a JWT access token by its signature and claims (no database
 * call), or a workspace API key (`fia_…`, one GetItem). The one place both the API's Lambda authorizer and the
 * function-URL routes (no authorizer there) prove who is calling.
 */
export async function verifyBearer(header: string | undefined): Promise<Credentials> {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/);
  if (!match?.[1]) return { ok: false, reason: 'A Bearer access token is required.' };
  if (looksLikeApiKey(match[1])) {
    const result = await apiKeyService().authenticate(match[1]);
    if (!result.ok) return { ok: false, reason: result.reason };
    const { keyId, workspaceId, scope } = result.key;
    return {
      ok: true,
      identity: { userId: `apikey:${keyId}`, email: '', apiKey: { id: keyId, workspaceId, scope } },
    };
  }
  const result = await verifyAccessToken(match[1], await jwtSecret(), {
    maxTtlSeconds: config().ACCESS_TOKEN_TTL_SECONDS,
  });
  if (!result.ok) return { ok: false, reason: result.reason };
  return { ok: true, identity: { userId: result.claims.userId, email: result.claims.email } };
}
