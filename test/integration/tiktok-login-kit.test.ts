import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runScheduleNow } from '../../infra/local/schedules-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import { type FakeTikTok, startFakeTikTok } from '../../simulation/tiktok';
import { signupWithWorkspace } from '../support/api';
import { connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

/** A server with a TikTok Login Kit app and no TikTok for Business app: identity and videos, no comments. */
let stage: TestStage;
let tiktok: FakeTikTok;
const store = new DynamoSocialAccountStore(stageTable);
let users = 0;

beforeAll(async () => {
  tiktok = await startFakeTikTok();
  stage = await startTestStage({
    env: {
      TIKTOK_CLIENT_KEY: tiktok.clientKey,
      TIKTOK_CLIENT_SECRET: tiktok.clientSecret,
      TIKTOK_AUTH_URL: tiktok.url,
      TIKTOK_API_URL: tiktok.url,
      FRONTEND_URL: 'http://frontend.test',
      TOKEN_REFRESH_MARGIN_MINUTES: '30',
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await tiktok.stop();
});
afterEach(() => {
  tiktok.state.approveOnly = null;
  tiktok.setAccessTtl(7200);
});

async function connected() {
  users += 1;
  const openId = `lk-${users}-${Date.now()}`;
  tiktok.addUser(openId, `Creator ${users}`);
  tiktok.state.consentUser = openId;
  tiktok.addVideo(openId, { id: `${openId}-v`, title: 'Hello', createTime: 1_700_000_000, commentCount: 3 });
  const owner = await signupWithWorkspace(stage.api, 'creator');
  const flow = await connectThroughConsent(stage.api, owner, 'tiktok');
  return { owner, openId, flow, accountId: flow.accountId! };
}

const as = (owner: { accessToken: string; workspaceId: string }) => ({
  token: owner.accessToken,
  workspaceId: owner.workspaceId,
});

describe('Provider: TikTok (Login Kit only)', () => {
  it('connects with PKCE and asks user/info only for the fields user.info.basic covers', async () => {
    // Act
    const { owner, openId, flow, accountId } = await connected();

    // Assess
    expect(flow.authUrl.pathname).toBe('/v2/auth/authorize/');
    expect(flow.authUrl.searchParams.get('scope')).toBe('user.info.basic,video.list');
    expect(flow.authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(flow.final.searchParams.get('status')).toBe('connected');
    expect(tiktok.state.userInfoFields.at(-1)).toEqual(['open_id', 'union_id', 'avatar_url', 'display_name']);
    expect(await store.get(owner.workspaceId, accountId)).toMatchObject({
      externalId: openId,
      displayName: `Creator ${users}`,
      details: { api: 'login_kit', scope: 'user.info.basic,video.list' },
    });
  });

  it('lists the videos through the Display API', async () => {
    const { owner, openId, accountId } = await connected();

    const videos = await stage.api.get(
      `/social-accounts/tiktok/interactions?accountId=${accountId}`,
      as(owner),
    );

    expect(videos.status).toBe(200);
    expect(videos.body.items).toEqual([
      expect.objectContaining({ id: `${openId}-v`, commentCount: 3, viewCount: 100 }),
    ]);
  });

  it('says comments need a TikTok for Business app, and the collector leaves the account alone', async () => {
    // Prepare
    const { owner, openId, accountId } = await connected();
    const calls = tiktok.state.calls.videos;

    // Act
    const comments = await stage.api.get(
      `/social-accounts/tiktok/comments?accountId=${accountId}&videoId=${openId}-v`,
      as(owner),
    );
    const reply = await stage.api.post(
      '/social-accounts/tiktok/send-message',
      { accountId, action: 'reply', text: 'Thanks!', commentId: 'c1', videoId: `${openId}-v` },
      as(owner),
    );
    const run = await runScheduleNow('collect-tiktok');

    // Assess
    expect(comments.status).toBe(400);
    expect(comments.body.error).toMatchObject({ code: 'not_supported', message: /TikTok for Business app/ });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('not_supported');
    expect(run.ok).toBe(true);
    expect(tiktok.state.calls.videos).toBe(calls);
    expect((await store.get(owner.workspaceId, accountId))?.status).toBe('active');
  });

  it('refuses a grant without user.info.basic, which the account’s identity needs', async () => {
    // Prepare
    tiktok.state.approveOnly = ['video.list'];
    users += 1;
    tiktok.addUser(`lk-partial-${users}`);
    tiktok.state.consentUser = `lk-partial-${users}`;
    const owner = await signupWithWorkspace(stage.api, 'partial');

    // Act
    const flow = await connectThroughConsent(stage.api, owner, 'tiktok');

    // Assess
    expect(flow.final.searchParams.get('status')).toBe('error');
    // A fixed code, never the provider's text: the frontend says which permission to tick again.
    expect(flow.final.searchParams.get('code')).toBe('scope_missing');
    expect(await store.list(owner.workspaceId)).toEqual([]);
  });

  it('refreshes an expiring token on the schedule, with the rotated refresh token', async () => {
    tiktok.setAccessTtl(600);
    const { owner, accountId } = await connected();
    tiktok.setAccessTtl(7200);
    const refreshes = tiktok.state.refreshes;

    const run = await runScheduleNow('refresh-tokens');

    expect(run.ok).toBe(true);
    expect(tiktok.state.refreshes).toBe(refreshes + 1);
    const account = await store.get(owner.workspaceId, accountId);
    expect(Date.parse(account!.tokenExpiresAt!) - Date.now()).toBeGreaterThan(3600_000);
  });
});
