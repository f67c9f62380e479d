import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';

// The fake on its own, driven as any Facebook Login client would: what it grants, reports and refuses.
const NOW = new Date('2026-12-01T10:00:00.000Z');
const IG = '178410009';
const PAGE = '9090';
const REDIRECT = 'https://app.test/social-accounts/meta/callback';
let fake: FakeMetaGraph;

beforeAll(async () => {
  fake = await startFakeMetaGraph({ now: () => NOW });
  fake.addPage({
    id: PAGE,
    name: 'Agence',
    instagram: { id: IG, username: 'agence' },
    roleViaBusinessManager: true,
  });
  fake.addMedia(IG, { id: 'media-bm' });
});
afterAll(async () => {
  await fake.stop();
});

const graph = async (path: string, token: string, init: RequestInit = {}) => {
  const response = await fetch(`${fake.url}/v25.0${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** Dialog (with these permissions) → code → short-lived user token, and optionally → long-lived. */
async function login(scope: string[], longLived: boolean): Promise<string> {
  const dialog = new URL(`${fake.url}/v25.0/dialog/oauth`);
  dialog.search = new URLSearchParams({
    client_id: fake.appId,
    redirect_uri: REDIRECT,
    scope: scope.join(','),
  }).toString();
  const code = new URL(
    (await fetch(dialog, { redirect: 'manual' })).headers.get('location')!,
  ).searchParams.get('code')!;
  const exchange = new URL(`${fake.url}/v25.0/oauth/access_token`);
  exchange.search = new URLSearchParams({
    client_id: fake.appId,
    client_secret: fake.appSecret,
    redirect_uri: REDIRECT,
    code,
  }).toString();
  const short = ((await (await fetch(exchange)).json()) as { access_token: string }).access_token;
  if (!longLived) return short;
  exchange.search = new URLSearchParams({
    grant_type: 'fb_exchange_token',
    client_id: fake.appId,
    client_secret: fake.appSecret,
    fb_exchange_token: short,
  }).toString();
  return ((await (await fetch(exchange)).json()) as { access_token: string }).access_token;
}
const pageTokenOf = async (userToken: string) =>
  (await graph('/me/accounts', userToken)).body.data.find((p: { id: string }) => p.id === PAGE)
    .access_token as string;
const debug = (token: string) =>
  graph(`/debug_token?input_token=${encodeURIComponent(token)}`, `${fake.appId}|${fake.appSecret}`);
const COMMENT_SCOPES = [
  'instagram_basic',
  'instagram_manage_comments',
  'pages_show_list',
  'pages_read_engagement',
];

describe('Fake: Meta token lifetimes (debug_token)', () => {
  it('a Page token listed with a long-lived user token never expires; data access ends 90 days after login', async () => {
    // Act
    const { status, body } = await debug(await pageTokenOf(await login(COMMENT_SCOPES, true)));
    // Assess
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      type: 'PAGE',
      app_id: fake.appId,
      is_valid: true,
      expires_at: 0,
      data_access_expires_at: NOW.getTime() / 1000 + 90 * 86_400,
      scopes: COMMENT_SCOPES,
    });
  });

  it('a Page token listed with a short-lived user token lasts one hour', async () => {
    const { body } = await debug(await pageTokenOf(await login(COMMENT_SCOPES, false)));
    expect(body.data.expires_at).toBe(NOW.getTime() / 1000 + 3600);
  });

  it('answers only to the app token, and reports an unknown token as invalid', async () => {
    expect((await graph('/debug_token?input_token=x', 'not-the-app-token')).body.error.code).toBe(190);
    expect((await debug('EAAP-unknown')).body.data).toMatchObject({ is_valid: false, error: { code: 190 } });
  });
});

describe('Fake: permissions the person granted', () => {
  it('a Page role through Business Manager needs ads_read (or ads_management) to reply to a comment', async () => {
    // Prepare
    fake.addComment({
      id: 'c-bm',
      mediaId: 'media-bm',
      text: 'Prix ?',
      from: { id: 'u-bm', username: 'bm' },
    });
    const without = await pageTokenOf(await login(COMMENT_SCOPES, true));
    const withAds = await pageTokenOf(await login([...COMMENT_SCOPES, 'ads_read'], true));
    const reply = (token: string) =>
      graph('/c-bm/replies', token, { method: 'POST', body: JSON.stringify({ message: 'Merci !' }) });
    // Act
    const refused = await reply(without);
    const accepted = await reply(withAds);
    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 200 });
    expect(refused.body.error.message).toContain('ads_read or ads_management');
    expect(accepted.status).toBe(200);
  });

  it('a private reply needs instagram_manage_comments and pages_messaging', async () => {
    fake.addComment({
      id: 'c-pm',
      mediaId: 'media-bm',
      text: 'Dispo ?',
      from: { id: 'u-pm', username: 'pm' },
    });
    const token = await pageTokenOf(await login(COMMENT_SCOPES, true));
    const refused = await graph(`/${PAGE}/messages`, token, {
      method: 'POST',
      body: JSON.stringify({ recipient: { comment_id: 'c-pm' }, message: { text: 'Bonjour' } }),
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('pages_messaging');
  });
});
