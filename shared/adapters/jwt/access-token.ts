import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AccessClaims, AccessTokenSigner } from '../../services/auth/ports';

/**
 * The access-token adapter: HS256 JWTs through `jose`, the only module that imports it (the dependency rule
 * only-adapters-import-sdks). The auth service signs through the AccessTokenSigner port; the authorizer and the
 * streaming route verify with `verifyAccessToken`.
 */
export type { AccessClaims };

export const ISSUER = 'flow-ia';
export const AUDIENCE = 'flow-ia-api';

export const signAccessToken: AccessTokenSigner = async (claims, secret, ttlSeconds) => {
  // One reading of the clock for both claims: jose reads it again for each (`setIssuedAt()`, then
  // `setExpirationTime('900s')`), so a token signed across a second boundary had exp - iat = TTL + 1, which
  // verifyAccessToken refuses as a lifetime beyond the TTL (a 401 for a fresh login, now and then).
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: claims.email, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setJti(randomUUID())
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(secret);
};

export type AccessVerification = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

/** Clock skew tolerated between signer and verifier for the upper bounds (`iat` ahead, `exp` too far); expiry is strict. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Pure signature + claims check: the authorizer calls this with no database access. A token must carry `iat` and
 * `exp`, be issued for at most `maxTtlSeconds` (the configured access-token TTL), not be issued in the future and
 * not expire further ahead than that TTL: a validly signed token without `exp`, or minted with a far-future one,
 * is refused rather than honoured forever.
 */
export async function verifyAccessToken(
  token: string,
  secret: Uint8Array,
  options: { maxTtlSeconds: number; now?: Date },
): Promise<AccessVerification> {
  const now = options.now ?? new Date();
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      currentDate: now,
    });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.email !== 'string')
      return { ok: false, reason: 'The access token is malformed.' };
    const { iat, exp } = payload as { iat: number; exp: number };
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (
      iat > nowSeconds + CLOCK_SKEW_SECONDS ||
      exp <= iat ||
      exp - iat > options.maxTtlSeconds ||
      exp - nowSeconds > options.maxTtlSeconds + CLOCK_SKEW_SECONDS
    )
      return { ok: false, reason: 'The access token lifetime is not valid.' };
    return { ok: true, claims: { userId: payload.sub, email: payload.email } };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'The access token has expired.' };
    return { ok: false, reason: 'The access token is invalid.' };
  }
}
