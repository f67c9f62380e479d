import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTikTok, startFakeTikTok } from '../../simulation/tiktok';
import { type FakeTikTokBusiness, startFakeTikTokBusiness } from '../../simulation/tiktok-business';
import { shapeOf, tiktokFixture } from '../support/tiktok-fixtures';

/**
 * The TikTok fakes against TikTok's documentation: they answer in the shape of the official examples
 * (test/fixtures/tiktok/) and refuse what the real APIs refuse. Both run on a clock the test moves.
 */
const REDIRECT = 'https://api.flowia.test/social-accounts/tiktok/callback/';
const SCOPES = 'user.info.basic,video.list,video.insights,comment.list,comment.list.manage';
let clock = Date.parse('2026-12-01T10:00:00Z');
let business: FakeTikTokBusiness;
let loginKit: FakeTikTok;
let accounts = 0;

beforeAll(async () => {
  business = await startFakeTikTokBusiness({ now: () => clock });
  business.registerRedirectUri(REDIRECT);
  loginKit = await startFakeTikTok({ now: () => clock });
});
afterAll(async () => {
  await business.stop();
  await loginKit.stop();
});
beforeEach(() => {
  business.state.approveOnly = null;
});

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, any>;
}

async function get(path: string, token: string, query: Record<string, string>) {
  const response = await fetch(`${business.url}/open_api/v1.3${path}?${new URLSearchParams(query)}`, {
    headers: { 'access-token': token },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** The account holder opens the authorization URL; returns where TikTok sends the browser back. */
async function authorize(query: Record<string, string>) {
  const url = new URL(business.authorizationUrl);
  url.search = new URLSearchParams({
    client_key: business.appId,
    response_type: 'code',
    scope: SCOPES,
    redirect_uri: REDIRECT,
    state: 's1',
    disable_auto_auth: '1',
    ...query,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, location: new URL(response.headers.get('location') ?? 'about:blank') };
}

const exchange = (code: string, overrides: Record<string, string> = {}) =>
  post(`${business.url}/open_api/v1.3/tt_user/oauth2/token/`, {
    client_id: business.appId,
    client_secret: business.secret,
    grant_type: 'authorization_code',
    auth_code: code,
    redirect_uri: REDIRECT,
    ...overrides,
  });

/** A fresh business account with one commented video, authorized; returns its token answer. */
async function authorizedAccount() {
  accounts += 1;
  const openId = `acct-${accounts}`;
  business.addAccount(openId, `Account ${accounts}`);
  business.addVideo(openId, { id: `${openId}-v`, caption: 'Hello', createTime: clock / 1000 - 60 });
  business.addComment(openId, `${openId}-v`, {
    from: { id: 'fan', username: 'fan' },
    text: 'Price?',
    createTime: clock / 1000 - 30,
  });
  business.state.consentUser = openId;
  const { location } = await authorize({});
  const answer = await exchange(location.searchParams.get('code')!);
  return { openId, answer, token: String(answer.data.access_token) };
}

describe('Fake: TikTok for Business', () => {
  it('answers the token and refresh requests in the shape of the official examples', async () => {
    // Act
    const { answer } = await authorizedAccount();
    clock += 3600_000;
    const refreshed = await post(`${business.url}/open_api/v1.3/tt_user/oauth2/refresh_token/`, {
      client_id: business.appId,
      client_secret: business.secret,
      grant_type: 'refresh_token',
      refresh_token: answer.data.refresh_token,
    });

    // Assess
    expect(shapeOf(answer)).toEqual(shapeOf(tiktokFixture('business-token').body));
    expect(answer.data).toMatchObject({
      expires_in: 86_400,
      refresh_token_expires_in: 31_536_000,
      scope: SCOPES,
    });
    expect(shapeOf(refreshed)).toEqual(shapeOf(tiktokFixture('business-refresh-token').body));
    expect(refreshed.data.refresh_token).toBe(answer.data.refresh_token);
    expect(refreshed.data.refresh_token_expires_in).toBe(31_536_000 - 3600);
  });

  it('answers the Accounts API in the shape of the official examples', async () => {
    // Prepare
    const { openId, token } = await authorizedAccount();
    const videoId = `${openId}-v`;

    // Act
    const profile = await get('/business/get/', token, { business_id: openId });
    const comments = await get('/business/comment/list/', token, { business_id: openId, video_id: videoId });
    const reply = await fetch(`${business.url}/open_api/v1.3/business/comment/reply/create/`, {
      method: 'POST',
      headers: { 'access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        business_id: openId,
        video_id: videoId,
        comment_id: comments.body.data.comments[0].comment_id,
        text: 'It is 12 €.',
      }),
    }).then((r) => r.json());
    const unknown = await get('/business/comment/list/', 'act.not-issued', {
      business_id: openId,
      video_id: videoId,
    });

    // Assess
    expect(profile.status).toBe(200);
    expect(shapeOf(profile.body)).toEqual(shapeOf(tiktokFixture('business-get').body));
    const official = tiktokFixture('business-comment-list').body;
    expect(shapeOf(comments.body.data.comments[0])).toEqual(shapeOf(official.data.comments[0]));
    expect(shapeOf({ ...comments.body, data: { ...comments.body.data, comments: [] } })).toEqual(
      shapeOf({ ...official, data: { ...official.data, comments: [] } }),
    );
    expect(shapeOf(reply)).toEqual(shapeOf(tiktokFixture('business-comment-reply-create').body));
    expect(unknown.status).toBe(200);
    expect(shapeOf(unknown.body)).toEqual(shapeOf(tiktokFixture('business-error-access-token').body));
    expect(unknown.body.code).toBe(40105);
  });

  it('refuses a Login Kit token, which belongs to another app and product', async () => {
    // Prepare: a real Login Kit token from the Login Kit fake
    const { openId } = await authorizedAccount();
    loginKit.addUser('lk-user');
    loginKit.state.consentUser = 'lk-user';
    const consent = await fetch(
      `${loginKit.url}/v2/auth/authorize/?${new URLSearchParams({
        client_key: loginKit.clientKey,
        response_type: 'code',
        scope: 'user.info.basic,video.list',
        redirect_uri: REDIRECT,
        state: 's',
      })}`,
      { redirect: 'manual' },
    );
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const loginKitToken = await fetch(`${loginKit.url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_key: loginKit.clientKey,
        client_secret: loginKit.clientSecret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);

    // Act
    const answer = await get('/business/comment/list/', loginKitToken.access_token, {
      business_id: openId,
      video_id: `${openId}-v`,
    });

    // Assess
    expect(loginKitToken.access_token).toMatch(/^act\./);
    expect(answer.body).toMatchObject({ code: 40105, data: {} });
  });

  it('refuses an endpoint whose permission the account holder did not approve', async () => {
    // Prepare
    business.state.approveOnly = ['user.info.basic', 'video.list'];
    const { openId, token, answer } = await authorizedAccount();

    // Act
    const comments = await get('/business/comment/list/', token, {
      business_id: openId,
      video_id: `${openId}-v`,
    });

    // Assess
    expect(answer.data.scope).toBe('user.info.basic,video.list');
    expect(comments.body).toMatchObject({ code: 40001, message: expect.stringContaining('comment.list') });
  });

  it('expires access tokens after one day and refresh tokens after one year', async () => {
    // Prepare
    const { openId, token, answer } = await authorizedAccount();
    const query = { business_id: openId, video_id: `${openId}-v` };

    // Act
    clock += 86_400_000 - 1000;
    const justBefore = await get('/business/comment/list/', token, query);
    clock += 1000;
    const expired = await get('/business/comment/list/', token, query);
    clock += 365 * 86_400_000;
    const deadRefresh = await post(`${business.url}/open_api/v1.3/tt_user/oauth2/refresh_token/`, {
      client_id: business.appId,
      client_secret: business.secret,
      grant_type: 'refresh_token',
      refresh_token: answer.data.refresh_token,
    });

    // Assess
    expect(justBefore.body.code).toBe(0);
    expect(expired.body.code).toBe(40105);
    expect(deadRefresh.code).not.toBe(0);
    expect(deadRefresh.data).toEqual({});
  });

  it('takes an auth_code once, within 10 minutes, for the redirect URL it was issued to', async () => {
    // Prepare
    accounts += 1;
    business.addAccount(`codes-${accounts}`);
    business.state.consentUser = `codes-${accounts}`;
    const first = (await authorize({})).location.searchParams.get('code')!;
    const late = (await authorize({})).location.searchParams.get('code')!;
    const other = (await authorize({})).location.searchParams.get('code')!;

    // Act
    const used = await exchange(first);
    const reused = await exchange(first);
    const wrongRedirect = await exchange(other, { redirect_uri: 'https://elsewhere.test/cb/' });
    clock += 600_000;
    const expired = await exchange(late);

    // Assess
    expect(used.code).toBe(0);
    expect(reused.code).not.toBe(0);
    expect(wrongRedirect.code).not.toBe(0);
    expect(expired.code).not.toBe(0);
  });

  it('skips the consent (no code) for an account that authorized before, unless disable_auto_auth=1', async () => {
    // Prepare
    await authorizedAccount();

    // Act
    const automatic = await authorize({ disable_auto_auth: '' });
    const forced = await authorize({});

    // Assess
    expect(automatic.status).toBe(302);
    expect(automatic.location.searchParams.has('code')).toBe(false);
    expect(automatic.location.searchParams.get('state')).toBe('s1');
    expect(forced.location.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a redirect URL that is not registered, and registers only well-formed ones', async () => {
    const refused = await authorize({
      redirect_uri: 'https://api.flowia.test/social-accounts/tiktok/callback',
    });

    expect(refused.status).toBe(400);
    expect(() => business.registerRedirectUri('https://api.flowia.test/cb')).toThrow(/redirect URL/);
    expect(() => business.registerRedirectUri('https://api.flowia.test/cb/?x=1')).toThrow(/redirect URL/);
  });

  it('throttles a 41st call to one endpoint of one account within a minute (code 40100)', async () => {
    // Prepare
    const { openId, token } = await authorizedAccount();
    const query = { business_id: openId, video_id: `${openId}-v` };

    // Act
    const codes: number[] = [];
    for (let n = 0; n < 41; n++) codes.push((await get('/business/comment/list/', token, query)).body.code);
    const otherEndpoint = await get('/business/get/', token, { business_id: openId });
    clock += 60_000;
    const nextMinute = await get('/business/comment/list/', token, query);

    // Assess
    expect(codes.slice(0, 40).every((code) => code === 0)).toBe(true);
    expect(codes[40]).toBe(40100);
    expect(otherEndpoint.body.code).toBe(0);
    expect(nextMinute.body.code).toBe(0);
  });
});

describe('Fake: TikTok Login Kit', () => {
  async function loginKitToken(scope: string) {
    accounts += 1;
    const openId = `lk-${accounts}`;
    loginKit.addUser(openId, 'Tik Toker');
    loginKit.state.consentUser = openId;
    const consent = await fetch(
      `${loginKit.url}/v2/auth/authorize/?${new URLSearchParams({
        client_key: loginKit.clientKey,
        response_type: 'code',
        scope,
        redirect_uri: REDIRECT,
        state: 's',
      })}`,
      { redirect: 'manual' },
    );
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const answer = await fetch(`${loginKit.url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_key: loginKit.clientKey,
        client_secret: loginKit.clientSecret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT,
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    return answer.access_token;
  }

  const userInfo = (token: string, fields: string) =>
    fetch(`${loginKit.url}/v2/user/info/?fields=${fields}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));

  it('answers user/info in the shape of the official example for the basic fields', async () => {
    const token = await loginKitToken('user.info.basic');

    const answer = await userInfo(token, 'open_id,union_id,avatar_url,display_name');

    expect(answer.status).toBe(200);
    expect(shapeOf(answer.body)).toEqual(shapeOf(tiktokFixture('login-kit-user-info').body));
  });

  it('refuses username without user.info.profile, and serves it with that scope', async () => {
    const basic = await loginKitToken('user.info.basic');
    const profile = await loginKitToken('user.info.basic,user.info.profile');

    const refused = await userInfo(basic, 'open_id,display_name,username');
    const served = await userInfo(profile, 'open_id,display_name,username');

    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'scope_permission_missed',
      message: expect.stringContaining('username (user.info.profile)'),
    });
    expect(served.status).toBe(200);
    expect(served.body.data.user).toMatchObject({ username: expect.any(String) });
  });
});
