import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as collectInteractions } from '../../functions/schedules/collect-interactions';
import { attachConsumer, detachConsumer } from '../../infra/local/adapters/in-process-queues';
import { localWorkflow } from '../../infra/local/workflow-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { leadIdOf } from '../../shared/domain/leads/lead';
import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import {
  type FakeMetaGraph,
  metaWebhook,
  signedMetaWebhook,
  startFakeMetaGraph,
} from '../../simulation/meta-graph';
import { type FakeTikTokBusiness, startFakeTikTokBusiness } from '../../simulation/tiktok-business';
import { signupWithWorkspace } from '../support/api';
import { connectMeta, followCallback } from '../support/meta';
import { bindingCookieOf, connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

/**
 * One owner per external account, attacked over the real routes: two workspaces log in to the same Facebook
 * Page / Instagram account (and TikTok account) through the OAuth round trip against the fake providers, one
 * after the other and at the same moment; a DM then reaches exactly one workspace; an account that needs
 * reconnecting or is paused receives nothing new.
 */
const FRONTEND = 'http://frontend.test';
let fake: FakeMetaGraph;
let tiktok: FakeTikTokBusiness;
let stage: TestStage;
/** The TikTok for Business app's scopes, as its portal authorization URL carries them. */
const TIKTOK_SCOPES = 'user.info.basic,video.list,video.insights,comment.list,comment.list.manage';
let pages = 0;
const raw = new DynamoSocialAccountStore(stageTable);

beforeAll(async () => {
  fake = await startFakeMetaGraph();
  tiktok = await startFakeTikTokBusiness();
  stage = await startTestStage({
    env: {
      ...fake.env('ownership'),
      TIKTOK_BUSINESS_APP_ID: tiktok.appId,
      TIKTOK_BUSINESS_SECRET: tiktok.secret,
      TIKTOK_BUSINESS_AUTH_URL: `${tiktok.authorizationUrl}?scope=${TIKTOK_SCOPES}`,
      TIKTOK_BUSINESS_API_URL: tiktok.url,
      FRONTEND_URL: FRONTEND,
    },
  });
  tiktok.registerRedirectUri(`${stage.url}/social-accounts/tiktok/callback/`);
});
afterAll(async () => {
  await stage?.stop();
  await fake?.stop();
  await tiktok?.stop();
});

type Owner = Awaited<ReturnType<typeof signupWithWorkspace>>;
const as = (owner: Owner) => ({ token: owner.accessToken, workspaceId: owner.workspaceId });

/** The login of every following connect sees exactly one Page, with its own Instagram account (or none). */
function onePage(withInstagram = true) {
  pages += 1;
  const page = { id: `90${pages}0`, ig: `17841490${String(pages).padStart(9, '0')}` };
  fake.state.pages.clear();
  fake.addPage({
    id: page.id,
    name: `Page ${pages}`,
    ...(withInstagram ? { instagram: { id: page.ig, username: `shop${pages}` } } : {}),
  });
  return page;
}

async function workspaceWithDmScenario(name: string): Promise<Owner> {
  const owner = await signupWithWorkspace(stage.api, name);
  const scenario = await stage.api.post(
    '/scenarios',
    {
      name: 'Every DM',
      platform: 'instagram',
      trigger: 'dm',
      keywords: [],
      action: 'reply',
      message: `Merci, ici ${name}.`,
    },
    as(owner),
  );
  expect(scenario.status).toBe(201);
  return owner;
}

const accountsOf = async (owner: Owner) =>
  (await stage.api.get('/social-accounts', as(owner))).body.items as Array<{
    id: string;
    platform: string;
    externalId: string;
    status: string;
  }>;

async function dm(ig: string, sender: string, mid: string, text = 'Bonjour, vous êtes ouverts ?') {
  fake.addInboundMessage({ accountId: ig, from: { id: sender, username: sender }, text, id: mid });
  const signed = signedMetaWebhook(metaWebhook.instagramMessage(ig, { sender, mid, text }), fake.appSecret);
  const response = await stage.api.request('POST', '/social-accounts/meta/webhook', {
    rawBody: signed.body,
    headers: signed.headers,
  });
  expect(response.status).toBe(200);
  await localWorkflow().idle();
  return response.body as { received: number; skipped: number };
}

const leadStatus = async (owner: Owner, sender: string) =>
  (await stage.api.get(`/leads/${leadIdOf(owner.workspaceId, 'instagram', sender)}`, as(owner))).status;
const sentTo = (sender: string) => fake.state.sent.filter((m) => m.recipient === sender);

/** Both workspaces' browsers are back from the dialog (with their binding cookie); then both callbacks at once. */
async function callbackOf(owner: Owner): Promise<{ url: string; cookie: string }> {
  const authUrl = await stage.api.get('/social-accounts/meta/auth-url', as(owner));
  const dialog = await fetch(authUrl.body.url, { redirect: 'manual' });
  return { url: dialog.headers.get('location')!, cookie: bindingCookieOf(authUrl.headers) };
}

describe('Ownership: one workspace per Meta account, over the Facebook Login routes', () => {
  it('connects the Instagram account to the first workspace; the second gets account_already_connected', async () => {
    // Prepare
    onePage();
    const first = await workspaceWithDmScenario('first');
    const second = await workspaceWithDmScenario('second');

    // Act
    const connected = await connectMeta(stage, first);
    const refused = await connectMeta(stage, second);
    const again = await connectMeta(stage, first);

    // Assess
    expect(connected.searchParams.get('connected')).toBe('meta');
    expect(connected.searchParams.get('accounts')).toBe('2');
    expect(refused.searchParams.get('error')).toBe('account_already_connected');
    expect(refused.searchParams.get('connected')).toBeNull();
    expect(await accountsOf(second)).toEqual([]);
    // Reconnecting in the owning workspace is a reconnect, never a conflict.
    expect(again.searchParams.get('accounts')).toBe('2');
    expect((await accountsOf(first)).map((a) => a.platform).sort()).toEqual(['facebook', 'instagram']);
  });

  it('turns one DM into exactly one lead and one reply, in the owning workspace only', async () => {
    // Prepare
    const page = onePage();
    const first = await workspaceWithDmScenario('owner');
    const second = await workspaceWithDmScenario('latecomer');
    await connectMeta(stage, first);
    await connectMeta(stage, second);

    // Act
    const receipt = await dm(page.ig, 'ig-once', 'mid-once-1');

    // Assess
    expect(receipt).toEqual({ received: 1, skipped: 0 });
    expect(sentTo('ig-once')).toHaveLength(1);
    expect(sentTo('ig-once')[0]!.text).toBe('Merci, ici owner.');
    expect(await leadStatus(first, 'ig-once')).toBe(200);
    expect(await leadStatus(second, 'ig-once')).toBe(404);
  });

  it('releases the claim on disconnect: the other workspace connects it and the DMs follow it', async () => {
    // Prepare
    const page = onePage();
    const first = await workspaceWithDmScenario('leaving');
    const second = await workspaceWithDmScenario('arriving');
    await connectMeta(stage, first);
    const instagram = (await accountsOf(first)).find((a) => a.platform === 'instagram')!;

    // Act
    const removed = await stage.api.delete(`/social-accounts/${instagram.id}`, as(first));
    const moved = await connectMeta(stage, second);
    await dm(page.ig, 'ig-moved', 'mid-moved-1');

    // Assess: the Instagram account moved, the Page (still connected in the first workspace) stayed
    expect(removed.status).toBe(204);
    expect(moved.searchParams.get('accounts')).toBe('1');
    expect(moved.searchParams.get('alreadyConnected')).toBe('1');
    expect((await accountsOf(second)).map((a) => a.platform)).toEqual(['instagram']);
    expect((await accountsOf(first)).map((a) => a.platform)).toEqual(['facebook']);
    expect(sentTo('ig-moved').map((m) => m.text)).toEqual(['Merci, ici arriving.']);
    expect(await leadStatus(first, 'ig-moved')).toBe(404);
    expect(await leadStatus(second, 'ig-moved')).toBe(200);
  });

  it('lets exactly one workspace win each account when two connect at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      // Prepare
      const page = onePage();
      const first = await workspaceWithDmScenario(`racer-a${round}`);
      const second = await workspaceWithDmScenario(`racer-b${round}`);
      const callbacks = [await callbackOf(first), await callbackOf(second)];

      // Act
      const results = await Promise.all(callbacks.map(({ url, cookie }) => followCallback(url, cookie)));
      await dm(page.ig, `ig-race-${round}`, `mid-race-${round}`);

      // Assess: every external account has one owner, and the DM was answered once
      const owned = [...(await accountsOf(first)), ...(await accountsOf(second))];
      expect(owned.map((a) => a.externalId).sort(), `round ${round}`).toEqual([page.id, page.ig].sort());
      for (const result of results)
        expect(
          result.searchParams.get('connected') ?? result.searchParams.get('error'),
          `round ${round}`,
        ).toMatch(/^(meta|account_already_connected)$/);
      expect(results.some((r) => r.searchParams.get('connected') === 'meta')).toBe(true);
      expect(sentTo(`ig-race-${round}`), `round ${round}`).toHaveLength(1);
    }
  });

  it('lets exactly one of two simultaneous connects of the same Page win, the other is told why', async () => {
    for (let round = 0; round < 3; round++) {
      // Prepare
      onePage(false);
      const first = await workspaceWithDmScenario(`page-a${round}`);
      const second = await workspaceWithDmScenario(`page-b${round}`);
      const callbacks = [await callbackOf(first), await callbackOf(second)];

      // Act
      const results = await Promise.all(callbacks.map(({ url, cookie }) => followCallback(url, cookie)));

      // Assess
      const outcomes = results.map((r) => r.searchParams.get('connected') ?? r.searchParams.get('error'));
      expect(outcomes.sort(), `round ${round}`).toEqual(['account_already_connected', 'meta']);
      const owned = [...(await accountsOf(first)), ...(await accountsOf(second))];
      expect(owned, `round ${round}`).toHaveLength(1);
    }
  });

  it('delivers nothing new to an account that needs reconnecting or is paused, and recovers it after reconnecting', async () => {
    // Prepare: a connected account the collector has seen once (it has a position to backfill from)
    const page = onePage();
    const owner = await workspaceWithDmScenario('outage');
    await connectMeta(stage, owner);
    await collectInteractions({ provider: 'meta' });
    const instagram = (await accountsOf(owner)).find((a) => a.platform === 'instagram')!;

    // Act
    await raw.update(owner.workspaceId, instagram.id, { status: 'needs_reconnect' });
    const whileDown = await dm(page.ig, 'ig-down', 'mid-down-1');
    await raw.update(owner.workspaceId, instagram.id, { status: 'paused' });
    const whilePaused = await dm(page.ig, 'ig-paused', 'mid-paused-1');

    // Assess: acknowledged to Meta, but no lead, no phone, no reply
    expect(whileDown).toEqual({ received: 0, skipped: 1 });
    expect(whilePaused).toEqual({ received: 0, skipped: 1 });
    expect(await leadStatus(owner, 'ig-down')).toBe(404);
    expect(await leadStatus(owner, 'ig-paused')).toBe(404);
    expect(sentTo('ig-down')).toEqual([]);
    expect(sentTo('ig-paused')).toEqual([]);

    // Act: a member of the workspace reconnects; the backfill reads the conversations from the Graph API
    await connectMeta(stage, owner);
    await localWorkflow().idle();

    // Assess: not lost — logged and answered once, in the owning workspace
    expect(await leadStatus(owner, 'ig-down')).toBe(200);
    expect(await leadStatus(owner, 'ig-paused')).toBe(200);
    expect(sentTo('ig-down')).toHaveLength(1);
    expect(sentTo('ig-paused')).toHaveLength(1);
  });
});

describe('Ownership: the shared OAuth connect (TikTok)', () => {
  it('refuses a TikTok account another workspace owns, and lets its owner reconnect', async () => {
    // Prepare
    const openId = `open-owned-${Date.now()}`;
    tiktok.addAccount(openId, 'Shared Shop');
    tiktok.state.consentUser = openId;
    const first = await signupWithWorkspace(stage.api, 'tt-first');
    const second = await signupWithWorkspace(stage.api, 'tt-second');

    // Act
    const connected = await connectThroughConsent(stage.api, first, 'tiktok');
    const refused = await connectThroughConsent(stage.api, second, 'tiktok');
    const again = await connectThroughConsent(stage.api, first, 'tiktok');

    // Assess
    expect(connected.final.searchParams.get('status')).toBe('connected');
    expect(refused.final.searchParams.get('status')).toBe('error');
    expect(refused.final.searchParams.get('code')).toBe('account_already_connected');
    expect(await accountsOf(second)).toEqual([]);
    expect(again.final.searchParams.get('status')).toBe('connected');
    expect(again.accountId).toBe(connected.accountId);
  });

  it('collects an account for its claiming workspace only, even where a copy was stored without a claim', async () => {
    // Prepare: the owner connected through OAuth; a copy sits in another workspace, written without a claim
    const openId = `open-legacy-${Date.now()}`;
    const videoId = `${openId}-video`;
    tiktok.addAccount(openId, 'Legacy Shop');
    tiktok.addVideo(openId, {
      id: videoId,
      caption: 'Video',
      createTime: Math.floor(Date.now() / 1000) - 600,
    });
    tiktok.state.consentUser = openId;
    const owner = await signupWithWorkspace(stage.api, 'tt-owner');
    const copyHolder = await signupWithWorkspace(stage.api, 'tt-copy');
    const { accountId } = await connectThroughConsent(stage.api, owner, 'tiktok');
    const original = (await raw.get(owner.workspaceId, accountId!))!;
    await raw.put({
      ...original,
      workspaceId: copyHolder.workspaceId,
      connectedAt: new Date().toISOString(),
    });
    tiktok.addComment(openId, videoId, {
      id: `${openId}-c1`,
      from: { id: 'fan-legacy', username: 'fan' },
      text: 'Prix ?',
      createTime: Math.floor(Date.now() / 1000) - 30,
    });
    const received: IncomingMessage[] = [];
    await attachConsumer('incomingMessages', async (messages) => {
      received.push(...messages.map((m) => m.body as IncomingMessage));
    });

    try {
      // Act
      await collectInteractions({ provider: 'tiktok' });

      // Assess: one message, for the owner; the copy was not even tried
      const fromThisAccount = received.filter((m) => m.platformMessageId === `${openId}-c1`);
      expect(fromThisAccount.map((m) => m.workspaceId)).toEqual([owner.workspaceId]);
      expect(await raw.get(copyHolder.workspaceId, accountId!)).toMatchObject({
        lastError: null,
        collectCursor: original.collectCursor,
      });
    } finally {
      detachConsumer('incomingMessages');
    }
  });
});
