import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

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

/** Pure signature + claims check: the authorizer calls this with no database access. */
export async function verifyAccessToken(token: string, secret: Uint8Array): Promise<AccessVerification> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || typeof payload.email !== 'string')
      return { ok: false, reason: 'The access token is malformed.' };
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
