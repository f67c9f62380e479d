import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook delivery: `X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256 of the raw body,
 * keyed with the app secret>`. It must be computed over the exact bytes received (never re-serialised JSON) and
 * compared in constant time.
 */
export function hubSignatureOf(rawBody: Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function isValidHubSignature(
  rawBody: Uint8Array,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (!header || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const expected = Buffer.from(hubSignatureOf(rawBody, appSecret).slice(7), 'hex');
  const given = Buffer.from(header.slice(7), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
