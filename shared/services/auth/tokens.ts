import { createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { aesGcmOpen, aesGcmSeal } from '../vault/envelope';
import type { SealedSuccessor } from './ports';

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
