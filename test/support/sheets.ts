import type { ApiClient } from './api';
import { bindingCookieOf } from './oauth';

/**
 * Plays the browser's part of connecting Google Sheets over real HTTP: our auth-url → the fake Google's consent
 * page (auto-consent 302) → our callback (302 to the frontend). Returns every hop, for tests that inspect them.
 */
export async function connectSheetsThroughConsent(
  api: ApiClient,
  owner: { accessToken: string; workspaceId: string },
) {
  const authUrl = await api.get('/integrations/sheets/auth-url', {
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
  return {
    authUrl: new URL(authUrl.body.url as string),
    authUrlResponse: authUrl.text,
    callbackUrl: new URL(callbackUrl),
    callbackBody,
    final: new URL(callback.headers.get('location')!),
    cookie,
  };
}
