import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { officialFixture } from '../support/fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const IG = '17841400000000777';
const REDIRECT = 'https://api.flowia.test/social-accounts/instagram/callback';
const SCOPE =
  'instagram_business_basic,instagram_business_manage_messages,instagram_business_manage_comments';
let shift = 0;
let fake: FakeMetaGraph;

beforeAll(async () => {
  fake = await startFakeMetaGraph({ now: () => new Date(Date.now() + shift) });
  fake.addInstagramAccount({ id: IG, username: 'creator_lou' });
});
afterAll(() => fake.stop());

const authorize = async (params: Record<string, string> = {}) => {
  const url = new URL(`${fake.instagramUrl}/oauth/authorize`);
  const query = {
    client_id: fake.instagramAppId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: SCOPE,
    ...params,
  };
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return fetch(url, { redirect: 'manual' });
};
const codeOf = async () =>
  new URL((await authorize({ state: 's1' })).headers.get('location')!).searchParams.get('code')!;
const exchange = (code: string, overrides: Record<string, string> = {}) =>
  fetch(`${fake.instagramUrl}/oauth/access_token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: fake.instagramAppId,
      client_secret: fake.instagramAppSecret,
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      code,
      ...overrides,
    }),
  });
const graphGet = async (path: string, params: Record<string, string>, on = fake.instagramUrl) => {
  const url = new URL(`${on}${path}`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};
async function longLived(): Promise<string> {
  const short = (await (await exchange(await codeOf())).json()) as { data: Array<{ access_token: string }> };
  const long = await graphGet('/access_token', {
    grant_type: 'ig_exchange_token',
    client_secret: fake.instagramAppSecret,
    access_token: short.data[0]!.access_token,
  });
  return long.body.access_token as string;
}

describe('Fake: Meta (Instagram Login)', () => {
  it('answers the authorization window with a code, the state and #_, or the documented cancel', async () => {
    // Act
    const approved = await authorize({ state: 'abc' });
    fake.setConsent('deny');
    const denied = await authorize({ state: 'abc' });
    fake.setConsent('approve');
    const noBasicScope = await authorize({ scope: 'instagram_business_manage_messages' });
    // Assess
    const back = new URL(approved.headers.get('location')!);
    expect(approved.status).toBe(302);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.hash).toBe('#_');
    const cancel = new URL(denied.headers.get('location')!);
    expect(Object.fromEntries(cancel.searchParams)).toEqual({
      error: 'access_denied',
      error_reason: 'user_denied',
      error_description: 'The user denied your request',
      state: 'abc',
    });
    expect(noBasicScope.status).toBe(400);
  });

  it('exchanges a code once, with the same redirect_uri, in the documented shape', async () => {
    // Prepare
    const official = officialFixture('instagram', 'code-exchange.json').payload;
    const rejected = officialFixture('instagram', 'code-exchange-rejected.json').payload;
    const code = await codeOf();
    // Act
    const wrongRedirect = await exchange(code, { redirect_uri: 'https://evil.test/cb' });
    const first = await exchange(code);
    const replay = await exchange(code);
    // Assess
    expect(wrongRedirect.status).toBe(400);
    expect(((await wrongRedirect.json()) as { error_type: string }).error_type).toBe('OAuthException');
    const body = (await first.json()) as typeof official;
    expect(Object.keys(body)).toEqual(Object.keys(official));
    expect(Object.keys(body.data[0]).sort()).toEqual(Object.keys(official.data[0]).sort());
    expect(body.data[0].permissions).toBe(SCOPE);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual(rejected);
  });

  it('refuses a code older than an hour and a wrong app secret', async () => {
    // Prepare
    const stale = await codeOf();
    const fresh = await codeOf();
    // Act
    shift = HOUR + 1000;
    const late = await exchange(stale);
    shift = 0;
    const badSecret = await exchange(fresh, { client_secret: 'guess' });
    // Assess
    expect(late.status).toBe(400);
    expect(badSecret.status).toBe(400);
  });

  it('gives a 60-day token, refuses to refresh it before 24 hours, refreshes it after, refuses it expired', async () => {
    // Prepare
    const token = await longLived();
    // Act
    const young = await graphGet('/refresh_access_token', {
      grant_type: 'ig_refresh_token',
      access_token: token,
    });
    shift = 25 * HOUR;
    const refreshed = await graphGet('/refresh_access_token', {
      grant_type: 'ig_refresh_token',
      access_token: token,
    });
    shift = 61 * DAY;
    const expired = await graphGet('/refresh_access_token', {
      grant_type: 'ig_refresh_token',
      access_token: token,
    });
    const refreshedStillValid = await graphGet('/v25.0/me', {
      fields: 'user_id',
      access_token: refreshed.body.access_token,
    });
    shift = 0;
    // Assess
    expect(young.status).toBe(400);
    expect(young.body.error.message).toContain('24 hours');
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(
      Object.keys(officialFixture('instagram', 'long-lived-token.json').payload).sort(),
    );
    expect(refreshed.body.expires_in).toBe(5_183_944);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    // Refreshed at +25 h, it lasts 60 days from then: still valid at +61 days.
    expect(refreshedStillValid.status).toBe(200);
  });

  it('serves the Instagram Login’s tokens on graph.instagram.com only, and the Facebook ones on graph.facebook.com', async () => {
    // Prepare
    const token = await longLived();
    const pageToken = fake.addPage({ id: '9090', name: 'Some Page' });
    // Act
    const me = await graphGet('/v25.0/me', { fields: 'user_id,username', access_token: token });
    const onFacebook = await graphGet('/v25.0/me', { fields: 'id', access_token: token }, fake.url);
    const pageOnInstagram = await graphGet(
      '/v25.0/9090',
      { fields: 'id', access_token: pageToken },
      fake.instagramUrl,
    );
    // Assess
    expect(me).toEqual({ status: 200, body: { user_id: IG, username: 'creator_lou' } });
    expect(onFacebook.body.error.code).toBe(190);
    expect(pageOnInstagram.body.error.code).toBe(190);
  });
});
