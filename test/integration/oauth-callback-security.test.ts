import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_ERROR_CODES } from '../../shared/domain/oauth/callback';
import { type FakeGoogle, startFakeGoogle } from '../../simulation/google';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { type FakeTikTok, startFakeTikTok } from '../../simulation/tiktok';
import { signup, signupWithWorkspace } from '../support/api';
import { bindingCookieOf } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';
import { addMemberInStore } from '../support/workspaces';

const FRONTEND = 'http://frontend.test';
const PROVIDERS = ['meta', 'tiktok', 'youtube'] as const;
type Provider = (typeof PROVIDERS)[number];

let meta: FakeMetaGraph;
let tiktok: FakeTikTok;
let google: FakeGoogle;
let stage: TestStage;

beforeAll(async () => {
  meta = await startFakeMetaGraph();
  meta.addPage({ id: '7070', name: 'Security Page' });
  tiktok = await startFakeTikTok();
  tiktok.addUser('open-security', 'Security Shop');
  tiktok.state.consentUser = 'open-security';
  google = await startFakeGoogle({ dailyQuota: 1_000_000 });
  google.addUser('google-security', { id: 'UC_security', title: 'Security Channel' });
  google.state.consentUser = 'google-security';
  stage = await startTestStage({
    env: {
      ...meta.env(),
      TIKTOK_CLIENT_KEY: tiktok.clientKey,
      TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
      TIKTOK_AUTH_URL: tiktok.url,
      TIKTOK_API_URL: tiktok.url,
      TIKTOK_BUSINESS_API_URL: tiktok.url,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_URL: google.url,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      YOUTUBE_API_URL: google.url,
      FRONTEND_URL: FRONTEND,
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await Promise.all([meta.stop(), tiktok.stop(), google.stop()]);
});

type Session = { accessToken: string; workspaceId: string };

/** Our auth-url, then the provider's (auto-consenting) page: the callback URL it sends the browser to. */
async function begin(provider: Provider, user: Session) {
  const authUrl = await stage.api.get(`/social-accounts/${provider}/auth-url`, {
    token: user.accessToken,
    workspaceId: user.workspaceId,
  });
  expect(authUrl.status).toBe(200);
  const consent = await fetch(authUrl.body.url, { redirect: 'manual' });
  await consent.arrayBuffer();
  expect(consent.status).toBe(302);
  const callbackUrl = new URL(consent.headers.get('location')!);
  return {
    callbackUrl,
    cookie: bindingCookieOf(authUrl.headers),
    setCookie: authUrl.headers.getSetCookie(),
    state: callbackUrl.searchParams.get('state')!,
  };
}

/** The returning browser: our callback, with whatever cookie that browser holds. */
async function land(url: URL | string, cookie?: string) {
  const response = await fetch(url, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
  await response.arrayBuffer();
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  return { location, url: new URL(location), setCookie: response.headers.getSetCookie() };
}

/** The outcome the frontend reads: `connected`, or the error code (each provider's redirect shape). */
function outcome(provider: Provider, landing: URL): string {
  if (provider === 'meta')
    return landing.searchParams.get('connected') ? 'connected' : landing.searchParams.get('error')!;
  return landing.searchParams.get('status') === 'connected' ? 'connected' : landing.searchParams.get('code')!;
}

const accounts = async (user: Session) =>
  (await stage.api.get('/social-accounts', { token: user.accessToken, workspaceId: user.workspaceId })).body
    .items as unknown[];

describe.each(PROVIDERS)('OAuth callback security: %s', (provider) => {
  it('binds the flow to the browser with a short-lived HttpOnly, SameSite=Lax cookie on the callback path', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, `${provider}-cookie`);
    // Act
    const flow = await begin(provider, owner);
    const landing = await land(
      flow.callbackUrl.toString().replace(/code=[^&]+/, 'code=bogus'),
      'unrelated=1',
    );
    // Assess
    expect(flow.setCookie).toHaveLength(1);
    const attributes = flow.setCookie[0]!.split('; ');
    expect(attributes[0]).toMatch(new RegExp(`^flowia_oauth_${provider}=[A-Za-z0-9_-]{43}$`));
    expect(attributes.slice(1).sort()).toEqual(
      ['HttpOnly', 'Max-Age=600', `Path=/social-accounts/${provider}/callback`, 'SameSite=Lax'].sort(),
    );
    expect(flow.state).not.toContain(attributes[0]!.split('=')[1]);
    expect(outcome(provider, landing.url)).toBe('session_mismatch');
    expect(landing.setCookie[0]).toMatch(new RegExp(`^flowia_oauth_${provider}=; .*Max-Age=0`));
  });

  it('accepts a state once: of two callbacks at the same moment one connects, and a replay is refused', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, `${provider}-replay`);
    const flow = await begin(provider, owner);
    // Act
    const both = await Promise.all([
      land(flow.callbackUrl, flow.cookie),
      land(flow.callbackUrl, flow.cookie),
    ]);
    const replay = await land(flow.callbackUrl, flow.cookie);
    // Assess
    expect(both.map((l) => outcome(provider, l.url)).sort()).toEqual(['connected', 'invalid_state']);
    expect(outcome(provider, replay.url)).toBe('invalid_state');
    expect((await accounts(owner)).length).toBeGreaterThan(0);
  });

  it("an attacker's connect link opened by the victim attaches nothing to the attacker's workspace", async () => {
    // Prepare: the attacker starts a connection and sends the consent link; the victim consents and comes back
    const attacker = await signupWithWorkspace(stage.api, `${provider}-attacker`);
    const victim = await signupWithWorkspace(stage.api, `${provider}-victim`);
    const lure = await begin(provider, attacker);
    const victimsOwn = await begin(provider, victim);
    // Act
    const noCookie = await land(lure.callbackUrl);
    const victimCookie = await land(lure.callbackUrl, victimsOwn.cookie);
    // Assess
    expect(outcome(provider, noCookie.url)).toBe('session_mismatch');
    expect(outcome(provider, victimCookie.url)).toBe('session_mismatch');
    expect(await accounts(attacker)).toEqual([]);
    expect(await accounts(victim)).toEqual([]);
  });

  it('a member removed between the auth URL and the callback cannot finish', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, `${provider}-boss`);
    const admin = await signup(stage.api, `${provider}-leaver`);
    await addMemberInStore(owner.workspaceId, admin, 'admin');
    const flow = await begin(provider, { accessToken: admin.accessToken, workspaceId: owner.workspaceId });
    const removed = await stage.api.delete(`/workspaces/${owner.workspaceId}/members/${admin.user.id}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    // Act
    const landing = await land(flow.callbackUrl, flow.cookie);
    // Assess
    expect(outcome(provider, landing.url)).toBe('forbidden');
    expect(await accounts(owner)).toEqual([]);
  });

  it("never reflects the provider's error text: the redirect carries one code of the list", async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, `${provider}-texts`);
    const free = '<script>alert(1)</script> Call +33 6 00 00 00 00 at evil.example';
    const callback = `${stage.url}/social-accounts/${provider}/callback`;
    const denied = await begin(provider, owner);
    const odd = await begin(provider, owner);
    // Act
    const cancelled = await land(
      `${callback}?state=${encodeURIComponent(denied.state)}&error=access_denied&error_description=${encodeURIComponent(free)}&error_reason=${encodeURIComponent(free)}`,
      denied.cookie,
    );
    const strange = await land(
      `${callback}?state=${encodeURIComponent(odd.state)}&error=${encodeURIComponent(free.slice(0, 150))}`,
      odd.cookie,
    );
    // Assess
    expect(outcome(provider, cancelled.url)).toBe('access_denied');
    expect(outcome(provider, strange.url)).toBe('provider_error');
    for (const landing of [cancelled, strange]) {
      expect(landing.url.origin).toBe(FRONTEND);
      expect(decodeURIComponent(landing.location)).not.toMatch(/script|evil|\+33/);
      for (const [key, value] of landing.url.searchParams)
        if (key === 'error' || key === 'code') expect(OAUTH_ERROR_CODES).toContain(value);
      expect([...landing.url.searchParams.keys()].sort()).toEqual(
        provider === 'meta' ? ['error', 'provider'] : ['code', 'provider', 'status'],
      );
    }
    expect(await accounts(owner)).toEqual([]);
  });
});
