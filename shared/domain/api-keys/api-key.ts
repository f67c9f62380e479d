import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Workspace API keys for server-to-server calls: `fia_<keyId>_<secret>`.
 * - keyId: 12 random bytes as 24 lowercase hex characters (no `_`, so the key splits unambiguously); it names the
 *   stored item, so the authorizer finds the key with one GetItem.
 * - secret: 32 random bytes, base64url (43 characters, 256 bits): only its sha256 is stored, and the authorizer
 *   compares hashes in constant time. A leaked table therefore yields no usable key.
 */
export type ApiKeyScope = 'read' | 'write';

export const API_KEY_PREFIX = 'fia_';
const KEY_PATTERN = /^fia_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  keyId: string;
  /** The whole key, shown to its creator once. */
  key: string;
  secretHash: string;
}

export function generateApiKey(random: (size: number) => Buffer = randomBytes): GeneratedApiKey {
  const keyId = random(12).toString('hex');
  const secret = random(32).toString('base64url');
  return { keyId, key: `${API_KEY_PREFIX}${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** True when the bearer credential claims to be an API key (so a JWT is never looked up as one). */
export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

/** The key's parts, or undefined when it is not a well-formed key. */
export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match?.[1] && match[2] ? { keyId: match[1], secret: match[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of the presented secret's hash with the stored one. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** A read key may only read: GET (and HEAD) requests. */
export function scopeAllows(scope: ApiKeyScope, method: string): boolean {
  return scope === 'write' || method === 'GET' || method === 'HEAD';
}

/** lastUsedAt is written at most once per this interval, so a busy key costs one write a minute, not one per call. */
export const LAST_USED_RESOLUTION_MS = 60_000;
