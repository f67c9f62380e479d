import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules-plugin';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { attachConsumer, detachConsumer } from '../../shared/adapters/queue/in-process-queues';
import type { QueueMessage } from '../../shared/adapters/queue/queue-publisher';
import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import { type FakeTikTok, startFakeTikTok } from '../fakes/tiktok';
import { signupWithWorkspace } from '../support/api';
import { connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

const FRONTEND = 'http://frontend.test';
let stage: TestStage;
let tiktok: FakeTikTok;
const store = new DynamoSocialAccountStore();
let users = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  tiktok = await startFakeTikTok();
  stage = await startTestStage({
    env: {
      TIKTOK_CLIENT_KEY: tiktok.clientKey,
      TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
      TIKTOK_AUTH_URL: tiktok.url,
      TIKTOK_API_URL: tiktok.url,
      TIKTOK_BUSINESS_API_URL: tiktok.url,
      FRONTEND_URL: FRONTEND,
      TOKEN_REFRESH_MARGIN_MINUTES: '30',
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await tiktok.stop();
});
afterEach(() => {
  tiktok.setAccessTtl(7200);
  detachConsumer('incomingMessages');
});

/** A fresh workspace connected to a fresh TikTok user (so revoking one never touches another test). */
async function connected(options: { videos?: number; commentsPerVideo?: number } = {}) {
  users += 1;
  const openId = `open-${users}-${Date.now()}`;
  tiktok.addUser(openId, `Shop ${users}`);
  tiktok.state.consentUser = openId;
  for (let v = 0; v < (options.videos ?? 0); v++) {
    const videoId = `${openId}-video-${v}`;
    tiktok.addVideo(openId, { id: videoId, title: `Video ${v}`, createTime: nowSeconds() - 3600 * (v + 1) });
    for (let c = 0; c < (options.commentsPerVideo ?? 0); c++)
      tiktok.addComment(openId, videoId, {
        comment_id: `${videoId}-c${c}`,
        user_id: `fan-${c}`,
        username: `fan${c}`,
        display_name: `Fan ${c}`,
        text: `Price please? #${c}`,
        create_time: nowSeconds() - 60 * (c + 1),
      });
  }
  const owner = await signupWithWorkspace(stage.api, 'tiktoker');
  const flow = await connectThroughConsent(stage.api, owner, 'tiktok');
  return { owner, openId, flow, accountId: flow.accountId! };
}

const as = (owner: { accessToken: string; workspaceId: string }) => ({
  token: owner.accessToken,
  workspaceId: owner.workspaceId,
});

describe('Provider: TikTok', () => {
  it('connects through Login Kit with PKCE and stores the tokens only sealed', async () => {
    // Act
    const { owner, openId, flow, accountId } = await connected();

    // Assess: the consent URL carries client_key, scopes, state and an S256 challenge
    expect(flow.authUrl.pathname).toBe('/v2/auth/authorize/');
    expect(flow.authUrl.searchParams.get('client_key')).toBe(tiktok.clientKey);
    expect(flow.authUrl.searchParams.get('scope')).toBe('user.info.basic,video.list');
    expect(flow.authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(flow.authUrl.searchParams.get('state')).toBeTruthy();
    expect(flow.final.origin).toBe(FRONTEND);
    expect(flow.final.searchParams.get('status')).toBe('connected');
    const account = await store.get(owner.workspaceId, accountId);
    expect(account).toMatchObject({
      provider: 'tiktok',
      externalId: openId,
      status: 'active',
      displayName: expect.any(String),
    });
    expect(account?.sealedCredentials).toMatchObject({ v: 1, ciphertext: expect.any(String) });
    const secrets = [...tiktok.state.accessTokens.keys(), ...tiktok.state.refreshTokens.keys()];
    const exposed = [flow.authUrlResponse, flow.callbackBody, flow.final.toString(), JSON.stringify(account)];
    for (const secret of secrets) for (const text of exposed) expect(text).not.toContain(secret);
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
      `/social-accounts/tiktok/callback?code=abc&state=${forged}.c2lnbmF0dXJl`,
    );

    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.searchParams.get('status')).toBe('error');
    expect(target.searchParams.get('code')).toBe('invalid_state');
    expect(target.searchParams.get('message')).toBeNull();
    expect(await store.list(owner.workspaceId)).toEqual([]);
  });

  it('lists videos and pages through a video’s comments with the cursor', async () => {
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
    expect(videos.body.items[0]).toMatchObject({ commentCount: 45 });
    const rest = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}&limit=2&cursor=${videos.body.nextCursor}`,
      as(owner),
    );
    expect(rest.body.items.map((v: { id: string }) => v.id)).toEqual([`${openId}-video-2`]);
    expect(rest.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await stage.api.get(
        `/social-accounts/tiktok/comments?accountId=${accountId}&videoId=${openId}-video-0${cursor ? `&cursor=${cursor}` : ''}`,
        as(owner),
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(45);
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
    expect(reply.body).toEqual({ status: 'sent', providerMessageId: expect.stringMatching(/^reply-/) });
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

  it('refreshes the access token before it expires and rotates the refresh token', async () => {
    // Prepare: tokens that live 10 minutes, inside the 30-minute refresh margin
    tiktok.setAccessTtl(600);
    const { owner, accountId } = await connected({ videos: 1 });
    const before = await store.get(owner.workspaceId, accountId);
    const refreshesBefore = tiktok.state.refreshes;
    const rotatedBefore = [...tiktok.state.refreshTokens.values()].filter((g) => g.rotated).length;
    tiktok.setAccessTtl(7200);

    // Act
    const response = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    // Assess
    expect(response.status).toBe(200);
    expect(tiktok.state.refreshes).toBe(refreshesBefore + 1);
    expect([...tiktok.state.refreshTokens.values()].filter((g) => g.rotated).length).toBe(rotatedBefore + 1);
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

  it('maps TikTok throttling (429 rate_limit_exceeded, business code 40100) to 429 rate_limited', async () => {
    const { owner, openId, accountId } = await connected({ videos: 1, commentsPerVideo: 1 });
    tiktok.failNext('videos', 'rate_limited');
    const display = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );
    expect(display.status).toBe(429);
    expect(display.body.error.code).toBe('rate_limited');
    expect(display.headers.get('retry-after')).toBe('3');

    tiktok.failNext('comments', 'rate_limited');
    const business = await stage.api.get(
      `/social-accounts/tiktok/comments?accountId=${accountId}&videoId=${openId}-video-0`,
      as(owner),
    );
    expect(business.status).toBe(429);
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

    // The next run publishes all 70 comments (two videos, several comment pages each)
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

    // A second run imports nothing new; a new comment is picked up alone
    await runScheduleNow('collect-tiktok');
    expect(mine()).toHaveLength(70);
    tiktok.addComment(openId, `${openId}-video-1`, {
      comment_id: 'fresh-1',
      user_id: 'fan-x',
      username: 'fanx',
      display_name: 'Fan X',
      text: 'Do you deliver?',
      create_time: nowSeconds(),
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
    tiktok.setAccessTtl(7200);
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
