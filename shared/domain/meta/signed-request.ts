import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta's `signed_request`, the form field of the Data Deletion Request Callback and of the Deauthorize Callback:
 *   https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 *   https://developers.facebook.com/docs/facebook-login/manually-build-a-login-flow/#deauth-callback
 * Meta's `parse_signed_request` example splits it on the first '.', base64url-decodes both halves, and checks
 * that the signature is HMAC-SHA256 of the *encoded* payload half with the app secret; the decoded payload
 * carries `algorithm: "HMAC-SHA256"`, `user_id` (app-scoped) and `issued_at` (unix seconds).
 * Meta's encoding is base64url, with or without '=' padding (both are accepted here, as Node's decoder does).
 */
export interface SignedRequestPayload {
  algorithm: 'HMAC-SHA256';
  userId: string;
  issuedAt: number | null;
  raw: Record<string, unknown>;
}

export type SignedRequestResult =
  | { ok: true; payload: SignedRequestPayload }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'unsupported_algorithm' | 'no_user' };

const BASE64URL = /^[A-Za-z0-9_-]+=*$/;

export function parseSignedRequest(signedRequest: string, appSecret: string): SignedRequestResult {
  const dot = signedRequest.indexOf('.');
  if (dot <= 0 || dot === signedRequest.length - 1) return { ok: false, reason: 'malformed' };
  const encodedSig = signedRequest.slice(0, dot);
  const encodedPayload = signedRequest.slice(dot + 1);
  if (!BASE64URL.test(encodedSig) || !BASE64URL.test(encodedPayload))
    return { ok: false, reason: 'malformed' };

  // The signature is checked before the payload is trusted (or even parsed), in constant time.
  const signature = Buffer.from(encodedSig, 'base64url');
  const expected = createHmac('sha256', appSecret).update(encodedPayload).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    return { ok: false, reason: 'bad_signature' };

  let raw: unknown;
  let text: string;
  try {
    text = Buffer.from(encodedPayload, 'base64url').toString('utf8');
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, reason: 'malformed' };
  const data = raw as Record<string, unknown>;
  // Meta: "algorithm: HMAC-SHA256"; any other value is refused rather than verified differently.
  if (typeof data.algorithm !== 'string' || data.algorithm.toUpperCase() !== 'HMAC-SHA256')
    return { ok: false, reason: 'unsupported_algorithm' };
  // Instagram ids (17841…) exceed 2^53: a numeric user_id is read from the JSON text, not from the rounded number.
  const userId =
    typeof data.user_id === 'number'
      ? (/"user_id"\s*:\s*(\d+)/.exec(text)?.[1] ?? String(data.user_id))
      : data.user_id;
  if (typeof userId !== 'string' || userId.length === 0) return { ok: false, reason: 'no_user' };
  return {
    ok: true,
    payload: {
      algorithm: 'HMAC-SHA256',
      userId,
      issuedAt: typeof data.issued_at === 'number' ? data.issued_at : null,
      raw: data,
    },
  };
}
