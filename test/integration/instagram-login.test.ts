import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import type { SocialAccount } from '../../shared/services/social/ports';
import { TokenRefreshService } from '../../shared/services/social/token-refresh-service';
import { accountHealthService } from '../../shared/wiring/account-health';
import { socialProviders } from '../../shared/wiring/providers';
import { socialAccountStore } from '../../shared/wiring/social-accounts';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { signupWithWorkspace } from '../support/api';
import { connectWithInstagramLogin, followCallback, issuedTokens } from '../support/meta';
import { bindingCookieOf } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * Issue 25 item 7: a creator's Instagram professional account with no Facebook Page connects through the
 * Instagram Login (simulation/meta-graph.ts serves www/api/graph.instagram.com beside graph.facebook.com), then
 * answers, lists its media and keeps its 60-day token alive on graph.instagram.com with its own token.
 */
const FRONTEND = 'http://frontend.test/app';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
let shift = 0;
let fake: FakeMetaGraph;
let stage: TestStage;

beforeAll(async () => {
  fake = await startFakeMetaGraph({ now: () => new Date(Date.now() + shift) });
  stage = await startTestStage({ env: { ...fake.env('verify-ig'), FRONTEND_URL: FRONTEND } });
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
});

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const auth = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });
const accountsOf = async (owner: Owner): Promise<SocialAccount[]> =>
  (await stage.api.get('/social-accounts', auth(owner))).body.items;
const stored = async (owner: Owner, igId: string) =>
  (await socialAccountStore().get(owner.workspaceId, `instagram-${igId}`))!;
const codeExchanges = () => fake.state.requests.filter((r) => r.path === '/oauth/access_token').length;
/** A creator of its own for each test: an Instagram account belongs to one workspace at most. */
let creators = 0;
function creator(): { id: string; username: string } {
  creators += 1;
  const account = {
    id: `1784150000000${String(creators).padStart(4, '0')}`,
    username: `creator_${creators}`,
  };
  fake.addInstagramAccount(account);
  return account;
}

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

describe('Routes: Instagram connection (Instagram Login)', () => {
  it('connects a Page-less account with a 60-day token, enables its webhooks, and never exposes the token', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'lou');
    const ig = creator();
    // Act
    const authUrl = await stage.api.get('/social-accounts/instagram/auth-url', auth(owner));
    const landing = await connectWithInstagramLogin(stage, owner);
    // Assess
    const window = new URL(authUrl.body.url);
    expect(`${window.origin}${window.pathname}`).toBe(`${fake.instagramUrl}/oauth/authorize`);
    expect(window.searchParams.get('scope')!.split(',')).toEqual([
      'instagram_business_basic',
      'instagram_business_manage_messages',
      'instagram_business_manage_comments',
    ]);
    expect(window.searchParams.get('redirect_uri')).toBe(`${stage.url}/social-accounts/instagram/callback`);
    expect(`${landing.origin}${landing.pathname}`).toBe(FRONTEND);
    expect(Object.fromEntries(landing.searchParams)).toEqual({ connected: 'instagram', accounts: '1' });
    const list = await accountsOf(owner);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: `instagram-${ig.id}`,
      provider: 'meta',
      platform: 'instagram',
      externalId: ig.id,
      displayName: `@${ig.username}`,
      status: 'active',
    });
    const days = (Date.parse(list[0]!.tokenExpiresAt!) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
    expect((await stored(owner, ig.id)).details).toMatchObject({ login: 'instagram' });
    expect(fake.state.instagramSubscriptions.get(ig.id)).toBe(
      'messages,messaging_postbacks,messaging_seen,comments',
    );
    const table = await scanTable();
    const listed = JSON.stringify(list);
    for (const token of issuedTokens(fake)) {
      expect(listed).not.toContain(token);
      expect(table).not.toContain(token);
    }
  });

  it('refuses a callback without our state or from another browser, and a replayed one, before any exchange', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'replay');
    creator();
    const authUrl = await stage.api.get('/social-accounts/instagram/auth-url', auth(owner));
    const cookie = bindingCookieOf(authUrl.headers);
    const callback = (await fetch(authUrl.body.url, { redirect: 'manual' })).headers.get('location')!;
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    const before = codeExchanges();
    // Act
    const noState = await followCallback(forged.toString(), cookie);
    const otherBrowser = await followCallback(callback);
    const first = await followCallback(callback, cookie);
    const exchangesAfterFirst = codeExchanges();
    const replay = await followCallback(callback, cookie);
    // Assess
    expect(noState.searchParams.get('error')).toBe('invalid_state');
    expect(otherBrowser.searchParams.get('error')).toBe('session_mismatch');
    expect(exchangesAfterFirst - before).toBe(1);
    expect(first.searchParams.get('connected')).toBe('instagram');
    expect(replay.searchParams.get('error')).toBe('invalid_state');
    expect(codeExchanges()).toBe(exchangesAfterFirst);
    expect(await accountsOf(owner)).toHaveLength(1);
  });

  it('reports a cancelled window as access_denied and stores nothing', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'cancel');
    creator();
    fake.setConsent('deny');
    // Act
    const landing = await connectWithInstagramLogin(stage, owner).finally(() => fake.setConsent('approve'));
    // Assess
    expect(landing.searchParams.get('error')).toBe('access_denied');
    expect(await accountsOf(owner)).toEqual([]);
  });

  it('keeps an account to the workspace that connected it first (two workspaces)', async () => {
    // Prepare
    const first = await signupWithWorkspace(stage.api, 'first');
    const second = await signupWithWorkspace(stage.api, 'second');
    const ig = creator();
    fake.addMedia(ig.id, { id: `${ig.id}-m1`, caption: 'Nouvelle collection' });
    await connectWithInstagramLogin(stage, first);
    // Act
    fake.instagramLoginAs(ig.id);
    const taken = await connectWithInstagramLogin(stage, second);
    const ownMedia = await stage.api.get(`/social-accounts/instagram-${ig.id}/media`, auth(first));
    const otherMedia = await stage.api.get(`/social-accounts/instagram-${ig.id}/media`, auth(second));
    // Assess
    expect(taken.searchParams.get('error')).toBe('account_already_connected');
    expect(await accountsOf(second)).toEqual([]);
    expect((await accountsOf(first)).map((a) => a.externalId)).toEqual([ig.id]);
    expect(ownMedia.status).toBe(200);
    expect(ownMedia.body.items.map((m: { caption: string }) => m.caption)).toEqual(['Nouvelle collection']);
    const mediaCall = fake.state.requests.filter((r) => r.path === `/${ig.id}/media`).at(-1)!;
    expect(mediaCall.host).toBe('instagram');
    expect(otherMedia.status).toBe(404);
  });
});

describe('Workflow: an Instagram Login account answers on graph.instagram.com', () => {
  it('answers a DM signed with the Instagram app secret through graph.instagram.com, once', async () => {
    // Prepare
    const owner = await signupWithWorkspace(stage.api, 'dm');
    const ig = creator();
    await connectWithInstagramLogin(stage, owner);
    const created = await stage.api.post(
      '/scenarios',
      { name: 'Prix', trigger: 'dm', action: 'reply', message: 'Nos prix sont en bio !', priority: 1 },
      auth(owner),
    );
    expect(created.status, created.text).toBe(201);
    fake.addInboundMessage({ accountId: ig.id, from: { id: 'igsid-ana', username: 'ana' }, text: 'Prix ?' });
    const payload = metaWebhook.instagramMessage(ig.id, {
      sender: 'igsid-ana',
      mid: 'mid-ig-1',
      text: 'Prix ?',
    });
    const signed = signedMetaWebhook(payload, fake.instagramAppSecret);
    // Act
    for (let i = 0; i < 2; i++) {
      const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
        rawBody: signed.body,
        headers: signed.headers,
      });
      expect(response.status).toBe(200);
      await localWorkflow().idle();
    }
    // Assess
    const sent = fake.state.sent.filter((s) => s.recipient === 'igsid-ana');
    expect(sent.map((s) => [s.kind, s.on, s.text])).toEqual([['dm', ig.id, 'Nos prix sont en bio !']]);
    const sends = fake.state.requests.filter((r) => r.method === 'POST' && r.path === `/${ig.id}/messages`);
    expect(sends.map((r) => r.host)).toEqual(['instagram']);
    const [token] = fake.instagramTokens(ig.id);
    expect(sends[0]!.authorization).toBe(`Bearer ${token}`);
  });

  it('refuses a webhook signed with neither secret', async () => {
    const signed = signedMetaWebhook(metaWebhook.instagramMessage('1', { sender: 'x', mid: 'y' }), 'wrong');
    const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
      rawBody: signed.body,
      headers: signed.headers,
    });
    expect(response.status).toBe(401);
  });
});

describe('Schedule: refresh-tokens (Instagram Login)', () => {
  it('refreshes after 24 hours and before 60 days, and flags an expired token for reconnecting', async () => {
    // Prepare: the schedule's service over the stage's store and providers, on a clock that moves with the fake's.
    const owner = await signupWithWorkspace(stage.api, 'refresh');
    const ig = creator();
    await connectWithInstagramLogin(stage, owner);
    const refresher = new TokenRefreshService(
      socialAccountStore(),
      socialProviders(),
      30 * 60_000,
      accountHealthService(),
      () => new Date(Date.now() + shift),
    );
    // Other tests' accounts are refreshed too: only this account's calls count.
    const refreshCalls = () =>
      fake.state.requests.filter(
        (r) =>
          r.path === '/refresh_access_token' &&
          fake.instagramTokens(ig.id).includes(r.query.access_token ?? ''),
      ).length;
    const connected = await stored(owner, ig.id);
    // Act / Assess: a day-old token with 59 days left is left alone, no call to Meta.
    shift = 25 * HOUR;
    const early = await refresher.refreshExpiring();
    expect(refreshCalls()).toBe(0);
    expect((await stored(owner, ig.id)).tokenExpiresAt).toBe(connected.tokenExpiresAt);
    // 31 days on (29 left): renewed for 60 days, the new token sealed and used.
    shift = 31 * DAY;
    const renewed = await refresher.refreshExpiring();
    const after = await stored(owner, ig.id);
    expect(renewed.refreshed).toBeGreaterThanOrEqual(1);
    expect(refreshCalls()).toBe(1);
    expect(Date.parse(after.tokenExpiresAt!)).toBeGreaterThan(Date.parse(connected.tokenExpiresAt!));
    expect(after.details.tokenIssuedAt).not.toBe(connected.details.tokenIssuedAt);
    expect(after.status).toBe('active');
    expect(fake.instagramTokens(ig.id)).toHaveLength(2);
    // Past the renewed token's 60 days: Meta refuses it (190), the account needs reconnecting.
    shift = 31 * DAY + 61 * DAY;
    const dead = await refresher.refreshExpiring();
    shift = 0;
    const flagged = await stored(owner, ig.id);
    expect(early.refreshed).toBe(0);
    expect(dead.needsReconnect).toBeGreaterThanOrEqual(1);
    expect(flagged.status).toBe('needs_reconnect');
    expect(flagged.lastError).toBeTruthy();
  });
});
