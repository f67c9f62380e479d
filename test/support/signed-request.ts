import { createHmac } from 'node:crypto';

/**
 * A signed_request built as Meta documents it (data deletion / deauthorize callbacks):
 * base64url(HMAC-SHA256(base64url(payload), app secret)) + '.' + base64url(JSON payload).
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
export function signedRequest(payload: Record<string, unknown>, appSecret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = createHmac('sha256', appSecret).update(encoded).digest('base64url');
  return `${signature}.${encoded}`;
}
