import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthStateSigner } from '../../shared/services/social/oauth-state';
import { type FakeMetaGraph, startFakeMetaGraph } from '../../simulation/meta-graph';
import { signup, signupWithWorkspace } from '../support/api';
import { joinWorkspace } from '../support/members';
import { connectMeta, followCallback, issuedTokens } from '../support/meta';
import { bindingCookieOf } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

const FRONTEND = 'http://frontend.test/app';
let fake: FakeMetaGraph;
let stage: TestStage;

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  stage = await startTestStage({ env: { ...fake.env(), FRONTEND_URL: FRONTEND } });
});
afterAll(async () => {
  await stage.stop();
  await fake.stop();
});

async function scanTable(): Promise<string> {
  const client = new DynamoDBClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const items = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME }));
  client.destroy();
  return JSON.stringify(items.Items);
}

/**
 * What the next Facebook Login sees: these Pages only. A Page belongs to one workspace at most, so each test
 * that connects logs in to Pages of its own.
 */
function loginSees(
  ...pages: Array<{ id: string; name: string; instagram?: { id: string; username: string } }>
) {
  fake.state.pages.clear();
  for (const page of pages) fake.addPage(page);
}

const listAccounts = (owner: { accessToken: string; workspaceId: string }) =>
  stage.api.get('/social-accounts', { token: owner.accessToken, workspaceId: owner.workspaceId });

describe('Routes: Meta connection (Facebook Login)', () => {
  it('connects every Page and Instagram account, subscribes the Pages, and never exposes a token', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'lea');
    loginSees(
      { id: '1010', name: 'Boulangerie Léa', instagram: { id: '178410001', username: 'boulangerie_lea' } },
      { id: '2020', name: 'Atelier Page' },
    );
    // Act
    const landing = await connectMeta(stage, owner);
    // Assess
    expect(`${landing.origin}${landing.pathname}`).toBe(FRONTEND);
    expect(landing.searchParams.get('connected')).toBe('meta');
    expect(landing.searchParams.get('accounts')).toBe('3');
    const list = await listAccounts(owner);
    expect(list.status).toBe(200);
    expect(
      list.body.items.map((a: { platform: string; externalId: string; displayName: string }) => [
        a.platform,
        a.externalId,
        a.displayName,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['facebook', '1010', 'Boulangerie Léa'],
        ['instagram', '178410001', '@boulangerie_lea'],
        ['facebook', '2020', 'Atelier Page'],
      ]),
    );
    expect(list.body.items).toHaveLength(3);
    const first = list.body.items[0];
    expect(Object.keys(first).sort()).toEqual(
      [
        'connectedAt',
        'displayName',
        'externalId',
        'id',
        'lastError',
        'lastEventAt',
        'platform',
        'provider',
        'status',
        'tokenExpiresAt',
      ].sort(),
    );
    expect(first).toMatchObject({ provider: 'meta', status: 'active', lastError: null });
    // The Page token never expires; what ends is the app's data access, 90 days after the login (debug_token).
    const days = (Date.parse(first.tokenExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThan(91);
    for (const token of issuedTokens(fake)) expect(list.text).not.toContain(token);
    expect(fake.state.pages.get('1010')?.subscribedFields).toContain('messages');
    expect(fake.state.pages.get('2020')?.subscribedFields).toContain('feed');
    // Graph calls carried the tokens in the Authorization header, never in the URL.
    expect(fake.state.requests.filter((r) => r.query.access_token)).toEqual([]);
  });

  it('asks for the documented permissions, exchanges once, and stores the expiry Meta reports for the Page token', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'scopes');
    const exchanges = () => fake.state.requests.filter((r) => r.query.grant_type === 'fb_exchange_token');
    const before = exchanges().length;
    // Act
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    await connectMeta(stage, owner);
    // Assess
    const scope = new URL(authUrl.body.url).searchParams.get('scope')!.split(',');
    expect(scope).toEqual(
      expect.arrayContaining([
        'instagram_basic',
        'instagram_manage_comments',
        'instagram_manage_messages',
        'pages_messaging',
        'pages_manage_metadata',
        'pages_read_engagement',
        'pages_show_list',
        'ads_read',
      ]),
    );
    expect(scope).not.toContain('business_management');
    expect(exchanges().length - before).toBe(1);
    // /me/accounts was read with the long-lived token (a short-lived one gives 1-hour Page tokens).
    const debugged = fake.state.requests.filter((r) => r.path === '/debug_token');
    expect(debugged.length).toBeGreaterThanOrEqual(2);
    for (const request of debugged) expect(request.query.access_token).toBeUndefined();
    const accounts = (await listAccounts(owner)).body.items as Array<{ tokenExpiresAt: string }>;
    for (const account of accounts) {
      const days = (Date.parse(account.tokenExpiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(89);
    }
  });

  it('stores only sealed credentials: no issued token appears anywhere in the table', async () => {
    const table = await scanTable();
    expect(table).toContain('sealedCredentials');
    expect(issuedTokens(fake).length).toBeGreaterThanOrEqual(4);
    for (const token of issuedTokens(fake)) expect(table).not.toContain(token);
  });

  it('redirects with invalid_state and stores nothing for a bad, expired, tampered or replayed state', async () => {
    const victim = await signupWithWorkspace(stage.api, 'victim');
    const callback = `${stage.url}/social-accounts/meta/callback`;
    const secret = async () => new TextEncoder().encode(process.env.JWT_SECRET);
    const unused = { nonces: { consume: async () => true }, members: { getMember: async () => undefined } };
    const claims = { provider: 'meta', workspaceId: victim.workspaceId, userId: victim.user.id };
    const expired = await new OAuthStateSigner(
      secret,
      600,
      unused,
      () => new Date(Date.now() - 11 * 60_000),
    ).issue(claims);
    const foreign = await new OAuthStateSigner(
      async () => new TextEncoder().encode('not-the-server-secret'),
      600,
      unused,
    ).issue(claims);
    // A genuine state for the attacker's own workspace, re-pointed at the victim's: the signature breaks.
    const attacker = await signupWithWorkspace(stage.api, 'attacker');
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
      token: attacker.accessToken,
      workspaceId: attacker.workspaceId,
    });
    const attackerCookie = bindingCookieOf(authUrl.headers);
    const genuine = new URL(authUrl.body.url).searchParams.get('state')!;
    const [payload, mac] = genuine.split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const tampered = `${Buffer.from(JSON.stringify({ ...decoded, workspaceId: victim.workspaceId })).toString('base64url')}.${mac}`;

    for (const [state, cookie, code] of [
      ['garbage', attackerCookie, 'invalid_state'],
      [expired.state, `flowia_oauth_meta=${expired.binding}`, 'state_expired'],
      [foreign.state, `flowia_oauth_meta=${foreign.binding}`, 'invalid_state'],
      [tampered, attackerCookie, 'invalid_state'],
    ] as const) {
      const landing = await followCallback(
        `${callback}?code=any-code&state=${encodeURIComponent(state)}`,
        cookie,
      );
      expect(landing.searchParams.get('error'), state).toBe(code);
      expect(landing.searchParams.get('connected')).toBeNull();
    }
    const missing = await followCallback(`${callback}?code=any-code`);
    expect(missing.searchParams.get('error')).toBe('invalid_state');
    expect((await listAccounts(victim)).body.items).toEqual([]);
    expect((await listAccounts(attacker)).body.items).toEqual([]);
  });

  it('accepts a state once: replaying the callback URL is refused', async () => {
    const owner = await signupWithWorkspace(stage.api, 'replay');
    loginSees({ id: '3030', name: 'Replay Page' });
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    const cookie = bindingCookieOf(authUrl.headers);
    const dialog = await fetch(authUrl.body.url, { redirect: 'manual' });
    const callback = dialog.headers.get('location')!;
    expect((await followCallback(callback, cookie)).searchParams.get('connected')).toBe('meta');
    expect((await followCallback(callback, cookie)).searchParams.get('error')).toBe('invalid_state');
  });

  it('reports access_denied when the person cancels the dialog, and stores nothing', async () => {
    const owner = await signupWithWorkspace(stage.api, 'cancel');
    fake.setConsent('deny');
    try {
      const landing = await connectMeta(stage, owner);
      expect(landing.searchParams.get('error')).toBe('access_denied');
    } finally {
      fake.setConsent('approve');
    }
    expect((await listAccounts(owner)).body.items).toEqual([]);
  });

  it('reports provider_error when Meta fails during the exchange', async () => {
    const owner = await signupWithWorkspace(stage.api, 'outage');
    const authUrl = await stage.api.get('/social-accounts/meta/auth-url', {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    const dialog = await fetch(authUrl.body.url, { redirect: 'manual' });
    fake.failNext(1, { status: 500, code: 2, message: 'Service temporarily unavailable' });
    const landing = await followCallback(dialog.headers.get('location')!, bindingCookieOf(authUrl.headers));
    expect(landing.searchParams.get('error')).toBe('provider_error');
    expect((await listAccounts(owner)).body.items).toEqual([]);
  });

  it('lets only admins start a connection, and needs the workspace header', async () => {
    const owner = await signupWithWorkspace(stage.api, 'boss');
    const member = await signup(stage.api, 'staff');
    await joinWorkspace(stage.api, owner, member);
    const asMember = await stage.api.get('/social-accounts/meta/auth-url', {
      token: member.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(asMember.status).toBe(403);
    const noHeader = await stage.api.get('/social-accounts/meta/auth-url', { token: owner.accessToken });
    expect(noHeader.status).toBe(400);
    const anonymous = await stage.api.get('/social-accounts/meta/auth-url');
    expect(anonymous.status).toBe(401);
  });

  it('disconnects an account (admin), 404 for an unknown one', async () => {
    const owner = await signupWithWorkspace(stage.api, 'leaver');
    loginSees({ id: '4040', name: 'Leaving Page', instagram: { id: '178410004', username: 'leaving' } });
    await connectMeta(stage, owner);
    const before = (await listAccounts(owner)).body.items;
    const target = before.find((a: { platform: string }) => a.platform === 'instagram');
    const removed = await stage.api.delete(`/social-accounts/${target.id}`, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(removed.status).toBe(204);
    const after = (await listAccounts(owner)).body.items;
    expect(after.map((a: { id: string }) => a.id)).not.toContain(target.id);
    expect(after).toHaveLength(before.length - 1);
    const again = await stage.api.delete(`/social-accounts/${target.id}`, {
      token: owner.accessToken,
      workspaceId: owner.workspaceId,
    });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });
});
