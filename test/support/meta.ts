import type { FakeMetaGraph } from '../../simulation/meta-graph';
import { bindingCookieOf } from './oauth';
import type { TestStage } from './stage';

/**
 * Runs the whole Facebook Login round trip over HTTP, as a browser would: our auth-url → the fake dialog
 * (auto-consent) → our callback → the frontend redirect, which is returned.
 */
export async function connectMeta(
  stage: TestStage,
  owner: { accessToken: string; workspaceId: string },
): Promise<URL> {
  const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
    token: owner.accessToken,
    workspaceId: owner.workspaceId,
  });
  if (authUrl.status !== 200) throw new Error(`auth-url failed: ${authUrl.status} ${authUrl.text}`);
  const dialog = await fetch(authUrl.body.url, { redirect: 'manual' });
  const callback = dialog.headers.get('location');
  if (dialog.status !== 302 || !callback) throw new Error(`the dialog did not redirect: ${dialog.status}`);
  return followCallback(callback, bindingCookieOf(authUrl.headers));
}

/**
 * The Instagram Login round trip, as a browser would: our Instagram auth-url → the fake authorization window
 * (auto-consent, as the account `fake.instagramLoginAs` names) → our callback → the frontend redirect.
 */
export async function connectWithInstagramLogin(
  stage: TestStage,
  owner: { accessToken: string; workspaceId: string },
): Promise<URL> {
  const authUrl = await stage.api.get('/social-accounts/instagram/auth-url', {
    token: owner.accessToken,
    workspaceId: owner.workspaceId,
  });
  if (authUrl.status !== 200) throw new Error(`auth-url failed: ${authUrl.status} ${authUrl.text}`);
  const window = await fetch(authUrl.body.url, { redirect: 'manual' });
  const callback = window.headers.get('location');
  if (window.status !== 302 || !callback) throw new Error(`the window did not redirect: ${window.status}`);
  return followCallback(callback, bindingCookieOf(authUrl.headers));
}

/**
 * Calls our callback like the returning browser (no bearer token, the binding cookie of the browser that asked
 * for the auth URL, if any) and returns where it sends the user.
 */
export async function followCallback(callbackUrl: string, cookie?: string): Promise<URL> {
  const response = await fetch(callbackUrl, {
    redirect: 'manual',
    ...(cookie ? { headers: { cookie } } : {}),
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location)
    throw new Error(`the callback did not redirect: ${response.status} ${await response.text()}`);
  return new URL(location);
}

/** Every token the fake ever issued (user, long-lived, page): none may appear in our responses or table. */
export function issuedTokens(fake: FakeMetaGraph): string[] {
  return [...fake.state.tokens.keys()];
}
