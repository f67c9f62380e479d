import { createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { aesGcmOpen, aesGcmSeal } from '../vault/envelope';
import type { SealedSuccessor } from './ports';

export const ISSUER = 'flow-ia';
export const AUDIENCE = 'flow-ia-api';

export interface AccessClaims {
  userId: string;
  email: string;
}

export async function signAccessToken(
  claims: AccessClaims,
  secret: Uint8Array,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ email: claims.email, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

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

/**
 * Refresh tokens are opaque: `<familyId>.<secret>`. The family is the login session; only a hash of the one
 * current token is stored, so a database leak yields no usable token.
 */
export function newRefreshToken(familyId: string = randomUUID()): {
  token: string;
  familyId: string;
  hash: string;
} {
  const token = `${familyId}.${randomBytes(32).toString('base64url')}`;
  return { token, familyId, hash: hashToken(token) };
}

export function familyOf(token: string): string | undefined {
  const [familyId, secret, extra] = token.split('.');
  return familyId && secret && extra === undefined && /^[0-9a-f-]{36}$/.test(familyId) ? familyId : undefined;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * The pair a rotation handed out, sealed under a key derived (HKDF) from the refresh token it retired: only a
 * holder of that token can open it, so the table never holds a usable token, not even during the grace window.
 */
export function sealSuccessor(retiredToken: string, familyId: string, pair: TokenPair): SealedSuccessor {
  return aesGcmSeal(successorKey(retiredToken, familyId), JSON.stringify(pair), Buffer.from(familyId));
}

/** undefined when the token is not the one the pair was sealed for. */
export function openSuccessor(
  retiredToken: string,
  familyId: string,
  sealed: SealedSuccessor,
): TokenPair | undefined {
  try {
    const pair = JSON.parse(aesGcmOpen(successorKey(retiredToken, familyId), sealed, Buffer.from(familyId)));
    return typeof pair?.accessToken === 'string' && typeof pair.refreshToken === 'string' ? pair : undefined;
  } catch {
    return undefined;
  }
}

function successorKey(token: string, familyId: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', token, familyId, 'flowia-refresh-successor', 32));
}
