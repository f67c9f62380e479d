import type { ApiClient } from './api';

/**
 * Plays the browser's part of an OAuth connect over real HTTP: our auth-url → the fake provider's consent page
 * (auto-consent 302) → our callback (302 to the frontend). Returns the final frontend URL.
 */
export async function connectThroughConsent(
  api: ApiClient,
  owner: { accessToken: string; workspaceId: string },
  provider: 'tiktok' | 'youtube' | 'sheets',
) {
  const path =
    provider === 'sheets' ? '/integrations/sheets/auth-url' : `/social-accounts/${provider}/auth-url`;
  const authUrl = await api.get(path, {
    token: owner.accessToken,
    workspaceId: owner.workspaceId,
  });
  if (authUrl.status !== 200) throw new Error(`auth-url failed: ${authUrl.status} ${authUrl.text}`);
  const cookie = bindingCookieOf(authUrl.headers);
  const consent = await fetch(authUrl.body.url, { redirect: 'manual' });
  if (consent.status !== 302)
    throw new Error(`consent page answered ${consent.status}: ${await consent.text()}`);
  const callbackUrl = consent.headers.get('location')!;
  const callback = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie } });
  const callbackBody = await callback.text();
  if (callback.status !== 302) throw new Error(`callback answered ${callback.status}: ${callbackBody}`);
  const final = new URL(callback.headers.get('location')!);
  return {
    authUrl: new URL(authUrl.body.url as string),
    authUrlResponse: authUrl.text,
    callbackUrl: new URL(callbackUrl),
    callbackBody,
    final,
    accountId: final.searchParams.get('accountId'),
    cookie,
  };
}

/**
 * What the browser sends back from the auth-url response's Set-Cookie (the OAuth browser binding), as a
 * `cookie` request header value.
 */
export function bindingCookieOf(headers: Headers): string {
  const pairs = headers.getSetCookie().map((line) => line.split(';')[0]!);
  if (pairs.length === 0) throw new Error('the auth-url response set no cookie');
  return pairs.join('; ');
}
