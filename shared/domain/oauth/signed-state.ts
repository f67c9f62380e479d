import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth `state` parameter: it comes back through the user's browser without our bearer token, so it is what
 * authorises the callback. It binds the workspace, the user, a one-time nonce and the browser that started the
 * flow (`bind`, the hash of a value kept in an HttpOnly cookie) to an expiry, signed with HMAC-SHA256 (a key
 * derived from the server's JWT secret), as `<base64url(json)>.<base64url(mac)>`.
 */
export interface OAuthStateClaims {
  provider: string;
  workspaceId: string;
  userId: string;
  nonce: string;
  /** base64url(SHA-256) of the browser binding value: only that browser's callback matches. */
  bind: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export const OAUTH_STATE_TTL_SECONDS = 10 * 60;

export type StateVerification =
  | { ok: true; claims: OAuthStateClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_provider' };

/** `input.nonce`: given when the caller derives something from it (the PKCE verifier); random otherwise. */
export function signOAuthState(
  input: Omit<OAuthStateClaims, 'nonce' | 'exp'> & { nonce?: string },
  secret: Uint8Array,
  now: Date,
  ttlSeconds = OAUTH_STATE_TTL_SECONDS,
): string {
  const claims: OAuthStateClaims = {
    provider: input.provider,
    workspaceId: input.workspaceId,
    userId: input.userId,
    nonce: input.nonce ?? randomBytes(16).toString('base64url'),
    bind: input.bind,
    exp: Math.floor(now.getTime() / 1000) + ttlSeconds,
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function verifyOAuthState(
  state: string | undefined,
  provider: string,
  secret: Uint8Array,
  now: Date,
): StateVerification {
  const [payload, signature, extra] = (state ?? '').split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad_signature' };
  let claims: OAuthStateClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as OAuthStateClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims?.workspaceId !== 'string' ||
    typeof claims.userId !== 'string' ||
    typeof claims.nonce !== 'string' ||
    typeof claims.bind !== 'string' ||
    typeof claims.exp !== 'number'
  )
    return { ok: false, reason: 'malformed' };
  if (claims.provider !== provider) return { ok: false, reason: 'wrong_provider' };
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function mac(payload: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(`oauth-state.${payload}`).digest('base64url');
}
