import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachConsumer, detachConsumer } from '../../infra/local/adapters/in-process-queues';
import { runScheduleNow } from '../../infra/local/schedules-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import type { QueueMessage } from '../../shared/services/queue/ports';
import { type FakeTikTokBusiness, startFakeTikTokBusiness } from '../../simulation/tiktok-business';
import { signupWithWorkspace } from '../support/api';
import { connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

const FRONTEND = 'http://frontend.test';
/** The scopes of the app, as its portal authorization URL carries them (video.insights for the counts). */
const APP_SCOPES = 'user.info.basic,video.list,video.insights,comment.list,comment.list.manage';
let stage: TestStage;
let tiktok: FakeTikTokBusiness;
const store = new DynamoSocialAccountStore(stageTable);
let users = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  tiktok = await startFakeTikTokBusiness();
  stage = await startTestStage({
    env: {
      TIKTOK_BUSINESS_APP_ID: tiktok.appId,
      TIKTOK_BUSINESS_SECRET: tiktok.secret,
      TIKTOK_BUSINESS_AUTH_URL: `${tiktok.authorizationUrl}?scope=${APP_SCOPES}`,
      TIKTOK_BUSINESS_API_URL: tiktok.url,
      FRONTEND_URL: FRONTEND,
      TOKEN_REFRESH_MARGIN_MINUTES: '30',
    },
  });
  tiktok.registerRedirectUri(`${stage.url}/social-accounts/tiktok/callback/`);
});
afterAll(async () => {
  await stage.stop();
  await tiktok.stop();
});
afterEach(() => {
  tiktok.setAccessTtl(86_400);
  tiktok.state.approveOnly = null;
  detachConsumer('incomingMessages');
});

/** A fresh workspace connected to a fresh TikTok business account (revoking one never touches another test). */
async function connected(options: { videos?: number; commentsPerVideo?: number } = {}) {
  users += 1;
  const openId = `open-${users}-${Date.now()}`;
  tiktok.addAccount(openId, `Shop ${users}`);
  tiktok.state.consentUser = openId;
  for (let v = 0; v < (options.videos ?? 0); v++) {
    const videoId = `${openId}-video-${v}`;
    tiktok.addVideo(openId, {
      id: videoId,
      caption: `Video ${v}`,
      createTime: nowSeconds() - 3600 * (v + 1),
    });
    for (let c = 0; c < (options.commentsPerVideo ?? 0); c++)
      tiktok.addComment(openId, videoId, {
        id: `${videoId}-c${c}`,
        from: { id: `fan-${c}`, username: `fan${c}`, displayName: `Fan ${c}` },
        text: `Price please? #${c}`,
        createTime: nowSeconds() - 60 * (c + 1),
        likes: c % 7,
      });
  }
  const owner = await signupWithWorkspace(stage.api, 'tiktoker');
  const flow = await connectThroughConsent(stage.api, owner, 'tiktok');
  return { owner, openId, flow, accountId: flow.accountId! };
}

/** The `fields` of the fake's last request to an endpoint. */
const fieldsAsked = (endpoint: 'profile' | 'videos') =>
  tiktok.state.requestedFields.filter((request) => request.endpoint === endpoint).at(-1)?.fields;

const as = (owner: { accessToken: string; workspaceId: string }) => ({
  token: owner.accessToken,
  workspaceId: owner.workspaceId,
});

describe('Provider: TikTok (TikTok API for Business)', () => {
  it('connects through the account holder authorization and stores the tokens only sealed', async () => {
    // Act
    const { owner, openId, flow, accountId } = await connected();

    // Assess: the app's authorization URL, with our trailing-slash redirect URL, state and disable_auto_auth
    expect(flow.authUrl.pathname).toBe('/v2/auth/authorize');
    expect(flow.authUrl.searchParams.get('client_key')).toBe(tiktok.appId);
    expect(flow.authUrl.searchParams.get('scope')).toBe(APP_SCOPES);
    expect(flow.authUrl.searchParams.get('redirect_uri')).toBe(
      `${stage.url}/social-accounts/tiktok/callback/`,
    );
    expect(flow.authUrl.searchParams.get('disable_auto_auth')).toBe('1');
    expect(flow.authUrl.searchParams.get('state')).toBeTruthy();
    expect(flow.authUrl.searchParams.has('code_challenge')).toBe(false);
    expect(flow.final.origin).toBe(FRONTEND);
    expect(flow.final.searchParams.get('status')).toBe('connected');
    const account = await store.get(owner.workspaceId, accountId);
    expect(account).toMatchObject({
      provider: 'tiktok',
      externalId: openId,
      status: 'active',
      displayName: expect.stringMatching(/^Shop /),
      details: { api: 'business', scope: APP_SCOPES, username: openId.replace(/\W/g, '').toLowerCase() },
    });
    expect(Date.parse(account!.tokenExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(account?.sealedCredentials).toMatchObject({ v: 1, ciphertext: expect.any(String) });
    expect(fieldsAsked('profile')).toEqual(['display_name', 'username', 'profile_image']);
    const secrets = [
      ...tiktok.state.accessTokens.keys(),
      ...tiktok.state.refreshTokens.keys(),
      tiktok.secret,
    ];
    const exposed = [flow.authUrlResponse, flow.callbackBody, flow.final.toString(), JSON.stringify(account)];
    for (const secret of secrets) for (const text of exposed) expect(text).not.toContain(secret);
  });

  it('connects the same account again: disable_auto_auth makes TikTok show the consent and send a code', async () => {
    // Prepare: the account already authorized the app once
    const first = await connected();

    // Act
    const again = await connectThroughConsent(stage.api, first.owner, 'tiktok');

    // Assess
    expect(again.callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(again.final.searchParams.get('status')).toBe('connected');
    expect(again.accountId).toBe(first.accountId);
  });

  it('refuses an authorization that lacks a permission the comment features need, and stores nothing', async () => {
    // Prepare: the account holder approves everything but Manage Business Comment
    users += 1;
    const openId = `partial-${users}-${Date.now()}`;
    tiktok.addAccount(openId);
    tiktok.state.consentUser = openId;
    tiktok.state.approveOnly = ['user.info.basic', 'video.list', 'comment.list'];
    const owner = await signupWithWorkspace(stage.api, 'partial');

    // Act
    const flow = await connectThroughConsent(stage.api, owner, 'tiktok');

    // Assess
    expect(flow.final.searchParams.get('status')).toBe('error');
    // A fixed code, never the provider's text: the frontend says which permission to tick again.
    expect(flow.final.searchParams.get('code')).toBe('scope_missing');
    expect(await store.list(owner.workspaceId)).toEqual([]);
  });

  it('refuses a callback whose state was tampered with or never issued', async () => {
    const owner = await signupWithWorkspace(stage.api, 'victim');
    const forged = Buffer.from(
      JSON.stringify({
        workspaceId: owner.workspaceId,
        userId: 'x',
        provider: 'tiktok',
        nonce: 'n',
        exp: 9e9,
      }),
    ).toString('base64url');

    const response = await stage.api.get(
      `/social-accounts/tiktok/callback/?code=abc&state=${forged}.c2lnbmF0dXJl`,
    );

    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.searchParams.get('status')).toBe('error');
    expect(target.searchParams.get('code')).toBe('invalid_state');
    expect(target.searchParams.get('message')).toBeNull();
    expect(await store.list(owner.workspaceId)).toEqual([]);
  });

  it('lists videos with their counts and pages through a video’s comments newest first', async () => {
    const { owner, openId, accountId } = await connected({ videos: 3, commentsPerVideo: 45 });

    const videos = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}&limit=2`,
      as(owner),
    );
    expect(videos.status).toBe(200);
    expect(videos.body.items.map((v: { id: string }) => v.id)).toEqual([
      `${openId}-video-0`,
      `${openId}-video-1`,
    ]);
    expect(videos.body.items[0]).toMatchObject({ commentCount: 45, viewCount: 100 });
    const rest = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}&limit=2&cursor=${videos.body.nextCursor}`,
      as(owner),
    );
    expect(rest.body.items.map((v: { id: string }) => v.id)).toEqual([`${openId}-video-2`]);
    expect(rest.body.nextCursor).toBeNull();

    const seen: Array<{ id: string; createdAt: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await stage.api.get(
        `/social-accounts/tiktok/comments?accountId=${accountId}&videoId=${openId}-video-0${cursor ? `&cursor=${cursor}` : ''}`,
        as(owner),
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen.map((c) => c.id)).size).toBe(45);
    const times = seen.map((c) => c.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen[0]).toMatchObject({
      author: { platformUserId: 'uid-fan-0', username: 'fan0' },
      fromAccount: false,
    });
  });

  it('asks for the engagement counts only when the account granted video.insights', async () => {
    // Prepare: the account holder does not approve video.insights
    tiktok.state.approveOnly = ['user.info.basic', 'video.list', 'comment.list', 'comment.list.manage'];
    const { owner, accountId } = await connected({ videos: 1 });

    // Act
    const videos = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    // Assess
    expect(videos.status).toBe(200);
    expect(videos.body.items[0]).toMatchObject({ viewCount: null, commentCount: null });
    expect(fieldsAsked('videos')).toEqual(['item_id', 'create_time', 'caption', 'share_url']);
  });

  it('answers a DM request with not_supported and replies under the comment instead', async () => {
    const { owner, openId, accountId } = await connected({ videos: 1, commentsPerVideo: 1 });
    const videoId = `${openId}-video-0`;

    const dm = await stage.api.post(
      '/social-accounts/tiktok/send-message',
      { accountId, action: 'dm', text: 'Hi!', recipientId: 'fan-0' },
      as(owner),
    );
    expect(dm.status).toBe(400);
    expect(dm.body.error.code).toBe('not_supported');
    expect(dm.body.error.message).toMatch(
      /no public API for direct messages.*replies publicly under the comment/,
    );

    const reply = await stage.api.post(
      '/social-accounts/tiktok/send-message',
      { accountId, action: 'reply', text: 'It is 12 €, see you!', commentId: `${videoId}-c0`, videoId },
      as(owner),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'sent', providerMessageId: expect.stringMatching(/^\d{19}$/) });
    expect(tiktok.state.replies.at(-1)).toMatchObject({
      businessId: openId,
      videoId,
      commentId: `${videoId}-c0`,
      text: 'It is 12 €, see you!',
    });

    const tooLong = await stage.api.post(
      '/social-accounts/tiktok/send-message',
      { accountId, action: 'reply', text: 'x'.repeat(151), commentId: `${videoId}-c0`, videoId },
      as(owner),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/150 characters/);
  });

  it('never collects the account’s own comments (owner: true) nor hidden ones', async () => {
    // Prepare: a fan's comment, one the account wrote on its own video, and a hidden one
    const { owner, openId, accountId } = await connected({ videos: 1 });
    const videoId = `${openId}-video-0`;
    const at = nowSeconds() - 30;
    tiktok.addComment(openId, videoId, {
      id: 'fan-q',
      from: { id: 'fan-q', username: 'fanq' },
      text: 'Price?',
      createTime: at,
    });
    tiktok.addComment(openId, videoId, {
      id: 'own-note',
      from: { id: openId, username: 'shop' },
      text: 'New stock on Friday!',
      createTime: at,
      owner: true,
    });
    tiktok.addComment(openId, videoId, {
      id: 'spam',
      from: { id: 'bot', username: 'bot' },
      text: 'win $$$',
      createTime: at,
      hidden: true,
    });
    const received: IncomingMessage[] = [];
    await attachConsumer('incomingMessages', async (messages: QueueMessage[]) => {
      received.push(...messages.map((m) => m.body as IncomingMessage));
    });

    // Act
    await runScheduleNow('collect-tiktok');

    // Assess
    const mine = received.filter((m) => m.accountId === accountId);
    expect(mine.map((m) => m.platformMessageId)).toEqual(['fan-q']);
    expect(mine[0]?.author.platformUserId).toBe('uid-fan-q');
    expect((await store.get(owner.workspaceId, accountId))?.status).toBe('active');
  });

  it('refreshes the access token before it expires, keeping the refresh token and its first expiry', async () => {
    // Prepare: tokens that live 10 minutes, inside the 30-minute refresh margin
    tiktok.setAccessTtl(600);
    const { owner, accountId } = await connected({ videos: 1 });
    const before = await store.get(owner.workspaceId, accountId);
    const refreshesBefore = tiktok.state.refreshes;
    const refreshTokensBefore = tiktok.state.refreshTokens.size;
    tiktok.setAccessTtl(86_400);

    // Act
    const response = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(tiktok.state.refreshes).toBe(refreshesBefore + 1);
    expect(tiktok.state.refreshTokens.size).toBe(refreshTokensBefore);
    const after = await store.get(owner.workspaceId, accountId);
    expect(Date.parse(after!.tokenExpiresAt!)).toBeGreaterThan(
      Date.parse(before!.tokenExpiresAt!) + 3600_000,
    );
    expect(after!.sealedCredentials.ciphertext).not.toBe(before!.sealedCredentials.ciphertext);
  });

  it('moves a revoked account to needs_reconnect with the reason in plain words', async () => {
    const { owner, openId, accountId } = await connected({ videos: 1 });
    tiktok.revoke(openId);

    const response = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    expect(response.status).toBe(502);
    expect(response.body.error.message).toMatch(/Connect the account again/);
    const account = await store.get(owner.workspaceId, accountId);
    expect(account).toMatchObject({ status: 'needs_reconnect', lastError: expect.stringMatching(/TikTok/) });
    const notices = await stage.api.get('/notifications', as(owner));
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(['account_needs_reconnect']);
    const callsBefore = tiktok.state.calls.videos;
    const again = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );
    expect(again.status).toBe(502);
    expect(tiktok.state.calls.videos).toBe(callsBefore);
  });

  it('asks an account connected with Login Kit before to connect again, and sends TikTok nothing', async () => {
    // Prepare: an account stored by the Login Kit flow (no `api` in its details)
    const { owner, accountId } = await connected({ videos: 1 });
    const account = await store.get(owner.workspaceId, accountId);
    await store.update(owner.workspaceId, accountId, { details: { scope: account!.details.scope! } });
    const callsBefore = tiktok.state.calls.videos;

    // Act
    const response = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    // Assess
    expect(response.status).toBe(502);
    expect(response.body.error.message).toMatch(/connected with TikTok Login Kit/);
    expect(tiktok.state.calls.videos).toBe(callsBefore);
    expect(await store.get(owner.workspaceId, accountId)).toMatchObject({ status: 'needs_reconnect' });
  });

  it('maps TikTok throttling (code 40100) to 429 rate_limited without marking the account', async () => {
    const { owner, openId, accountId } = await connected({ videos: 1, commentsPerVideo: 1 });
    tiktok.failNext('videos', 'rate_limited');
    const videos = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );
    expect(videos.status).toBe(429);
    expect(videos.body.error.code).toBe('rate_limited');
    expect(videos.headers.get('retry-after')).toBe('60');

    tiktok.failNext('comments', 'rate_limited');
    const comments = await stage.api.get(
      `/social-accounts/tiktok/comments?accountId=${accountId}&videoId=${openId}-video-0`,
      as(owner),
    );
    expect(comments.status).toBe(429);
    expect((await store.get(owner.workspaceId, accountId))?.status).toBe('active');
  });

  it('collects new comments onto the queue once, and keeps the cursor when publishing fails', async () => {
    const { owner, openId, accountId } = await connected({ videos: 2, commentsPerVideo: 35 });
    const received: IncomingMessage[] = [];
    let failNextPublish = true;
    await attachConsumer('incomingMessages', async (messages: QueueMessage[]) => {
      const bodies = messages.map((m) => m.body as IncomingMessage);
      if (failNextPublish && bodies.some((b) => b.workspaceId === owner.workspaceId)) {
        failNextPublish = false;
        throw new Error('queue unavailable');
      }
      received.push(...bodies);
    });
    const mine = () => received.filter((m) => m.workspaceId === owner.workspaceId);

    // A failed publish: nothing stored, the cursor stays where it was
    const failed = await runScheduleNow('collect-tiktok');
    expect(failed.ok).toBe(true);
    expect((await store.get(owner.workspaceId, accountId))?.collectCursor).toBeNull();

    // The next run publishes all 70 comments (two videos, two comment pages each)
    await runScheduleNow('collect-tiktok');
    expect(mine()).toHaveLength(70);
    expect(mine()[0]).toMatchObject({
      platform: 'tiktok',
      kind: 'comment',
      accountId,
      source: 'collector',
      mediaId: expect.stringContaining(openId),
      dedupeKey: expect.stringMatching(/^tiktok:comment:/),
    });
    expect((await store.get(owner.workspaceId, accountId))?.collectCursor).toBeTruthy();

    // A second run imports nothing new and stops at the first page; a new comment is picked up alone
    const commentCalls = () =>
      tiktok.state.accountCalls.filter((c) => c.openId === openId && c.endpoint === 'comments').length;
    const callsBefore = commentCalls();
    await runScheduleNow('collect-tiktok');
    expect(mine()).toHaveLength(70);
    expect(commentCalls() - callsBefore).toBe(2);
    tiktok.addComment(openId, `${openId}-video-1`, {
      id: 'fresh-1',
      from: { id: 'fan-x', username: 'fanx', displayName: 'Fan X' },
      text: 'Do you deliver?',
      createTime: nowSeconds(),
    });
    await runScheduleNow('collect-tiktok');
    expect(
      mine()
        .map((m) => m.platformMessageId)
        .slice(70),
    ).toEqual(['fresh-1']);
  });

  it('refreshes expiring tokens on the refresh-tokens schedule and flags revoked accounts', async () => {
    tiktok.setAccessTtl(600);
    const expiring = await connected();
    const revoked = await connected();
    tiktok.setAccessTtl(86_400);
    tiktok.revoke(revoked.openId);

    const run = await runScheduleNow('refresh-tokens');

    expect(run.ok).toBe(true);
    const fresh = await store.get(expiring.owner.workspaceId, expiring.accountId);
    expect(Date.parse(fresh!.tokenExpiresAt!) - Date.now()).toBeGreaterThan(3600_000);
    expect(fresh!.status).toBe('active');
    const flagged = await store.get(revoked.owner.workspaceId, revoked.accountId);
    expect(flagged).toMatchObject({
      status: 'needs_reconnect',
      lastError: expect.stringMatching(/TikTok no longer accepts this connection/),
    });
  });
});
