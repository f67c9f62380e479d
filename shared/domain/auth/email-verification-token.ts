import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The email verification token, carried by the link we email: `<base64url(json)>.<base64url(mac)>`, an
 * HMAC-SHA256 over the claims (the user, the address, a nonce and an expiry). The signature makes it unforgeable
 * and the expiry bounds it; the nonce makes it single-use: the user record holds the one nonce that may still be
 * redeemed, and redeeming it is a conditional write that removes it (see EmailVerificationService).
 */
export interface EmailVerificationClaims {
  userId: string;
  email: string;
  nonce: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

export type EmailVerificationCheck =
  | { ok: true; claims: EmailVerificationClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const PURPOSE = 'email-verification';

export function signEmailVerification(
  input: Omit<EmailVerificationClaims, 'exp'>,
  secret: Uint8Array,
  now: Date,
  ttlSeconds: number,
): string {
  const claims: EmailVerificationClaims = { ...input, exp: Math.floor(now.getTime() / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function verifyEmailVerification(
  token: string,
  secret: Uint8Array,
  now: Date,
): EmailVerificationCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad_signature' };
  let claims: Partial<EmailVerificationClaims>;
  try {
    claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    ) as Partial<EmailVerificationClaims>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims?.userId !== 'string' ||
    typeof claims.email !== 'string' ||
    typeof claims.nonce !== 'string' ||
    typeof claims.exp !== 'number'
  )
    return { ok: false, reason: 'malformed' };
  if (claims.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims as EmailVerificationClaims };
}

/** The purpose is part of the MAC input, so no other signed value of the project verifies as this one. */
function mac(payload: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(`${PURPOSE}.${payload}`).digest('base64url');
}
