import { createHash } from 'node:crypto';

/**
 * The login budget's subject: the account's normalised email, hashed so the counter's key holds no address. Any
 * address gets a counter, registered or not, so a 429 says nothing about whether the account exists.
 */
export function loginSubject(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 32);
}
