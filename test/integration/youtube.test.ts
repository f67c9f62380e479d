import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachConsumer, detachConsumer } from '../../infra/local/adapters/in-process-queues';
import { runScheduleNow } from '../../infra/local/schedules-plugin';
import { stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoSocialAccountStore } from '../../shared/adapters/dynamo/social-account-store';
import type { IncomingMessage } from '../../shared/domain/messages/incoming-message';
import { type FakeGoogle, type FakeYouTubeComment, startFakeGoogle } from '../../simulation/google';
import { signupWithWorkspace } from '../support/api';
import { verifyEmail } from '../support/members';
import { connectThroughConsent } from '../support/oauth';
import { startTestStage, type TestStage } from '../support/stage';

const FRONTEND = 'http://frontend.test';
/** Large: the shares (budget ÷ workspaces with a channel) are tested in youtube-budget.test.ts with pinned clocks. */
const BUDGET = 1_000_000;
const OPERATOR = `ops.yt.${process.pid}.${Date.now()}@example.test`;
let stage: TestStage;
let google: FakeGoogle;
const store = new DynamoSocialAccountStore(stageTable);
let users = 0;

beforeAll(async () => {
  google = await startFakeGoogle({ dailyQuota: 1_000_000 });
  stage = await startTestStage({
    env: {
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_OAUTH_URL: google.url,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      YOUTUBE_API_URL: google.url,
      YOUTUBE_DAILY_QUOTA_UNITS: String(BUDGET),
      ADMIN_EMAILS: OPERATOR,
      FRONTEND_URL: FRONTEND,
      TOKEN_REFRESH_MARGIN_MINUTES: '30',
    },
  });
});
afterAll(async () => {
  await stage.stop();
  await google.stop();
});
afterEach(() => {
  google.setAccessTtl(3599);
  detachConsumer('incomingMessages');
});

const comment = (
  channel: string,
  n: number,
  minutesAgo: number,
  extra: Partial<FakeYouTubeComment> = {},
): FakeYouTubeComment => ({
  id: `${channel}-c${n}`,
  videoId: `${channel}-video`,
  authorChannelId: `UC_fan_${n}`,
  authorDisplayName: `Fan ${n}`,
  textOriginal: `How much is it? #${n}`,
  publishedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  ...extra,
});

/** A fresh workspace connected to a fresh Google user and channel, with `threads` comment threads. */
async function connected(threads = 0) {
  users += 1;
  const userId = `google-user-${users}-${Date.now()}`;
  const channelId = `UC_${users}_${Date.now()}`;
  google.addUser(userId, { id: channelId, title: `Channel ${users}` });
  google.state.consentUser = userId;
  for (let n = 0; n < threads; n++) google.addThread(channelId, comment(channelId, n, n + 1));
  const owner = await signupWithWorkspace(stage.api, 'youtuber');
  const flow = await connectThroughConsent(stage.api, owner, 'youtube');
  return { owner, userId, channelId, flow, accountId: flow.accountId! };
}

const as = (owner: { accessToken: string; workspaceId: string }) => ({
  token: owner.accessToken,
  workspaceId: owner.workspaceId,
});

describe('Provider: YouTube', () => {
  it('connects with offline access and consent, and stores the tokens only sealed', async () => {
    const { owner, channelId, flow, accountId } = await connected();

    const q = flow.authUrl.searchParams;
    expect(flow.authUrl.pathname).toBe('/o/oauth2/v2/auth');
    expect(q.get('access_type')).toBe('offline');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('scope')).toContain('https://www.googleapis.com/auth/youtube.force-ssl');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('redirect_uri')).toBe(`${stage.url}/social-accounts/youtube/callback`);
    expect(flow.final.origin).toBe(FRONTEND);
    expect(flow.final.searchParams.get('status')).toBe('connected');
    const account = await store.get(owner.workspaceId, accountId);
    expect(account).toMatchObject({
      provider: 'youtube',
      platform: 'youtube',
      externalId: channelId,
      status: 'active',
    });
    const secrets = [...google.state.accessTokens.keys(), ...google.state.refreshTokens.keys()];
    for (const secret of secrets)
      for (const text of [
        flow.authUrlResponse,
        flow.callbackBody,
        flow.final.toString(),
        JSON.stringify(account),
      ])
        expect(text).not.toContain(secret);
    const quota = await stage.api.get('/social-accounts/youtube/quota', as(owner));
    expect(quota.body).toMatchObject({
      unitsUsedToday: 1,
      pollingLimit: expect.any(Number),
      project: { dailyLimit: BUDGET, paused: false, pausedAt: null },
    });
    expect(quota.body.project.workspaces).toBeGreaterThanOrEqual(1);
    // Equal shares that add up to the budget: ⌊budget / n⌋, one more unit for the first remainder workspaces.
    const share = Math.floor(BUDGET / quota.body.project.workspaces);
    expect([share, share + 1]).toContain(quota.body.dailyLimit);
  });

  it('shows operators the project’s shared budget on /admin/status', async () => {
    await connected();
    const operator = await stage.api.post('/auth/signup', {
      email: OPERATOR,
      password: 'correct horse battery',
    });
    // ADMIN_EMAILS counts only a verified address.
    await verifyEmail(stage.api, { email: OPERATOR });

    const status = await stage.api.get('/admin/status', { token: operator.body.accessToken });

    expect(status.status).toBe(200);
    expect(status.body.youtubeQuota).toMatchObject({
      dailyLimit: BUDGET,
      unitsUsed: expect.any(Number),
      paused: false,
      resetsAt: expect.stringMatching(/T0[78]:00:00\.000Z$/),
    });
    expect(status.body.youtubeQuota.workspaces).toBeGreaterThanOrEqual(1);
    expect(status.body.youtubeQuota.sharePerWorkspace).toBe(
      Math.floor(BUDGET / status.body.youtubeQuota.workspaces),
    );
  });

  it('sends the user back to the frontend with an error when consent is denied', async () => {
    google.state.denyConsent = true;
    try {
      const owner = await signupWithWorkspace(stage.api, 'decliner');
      const flow = await connectThroughConsent(stage.api, owner, 'youtube');
      expect(flow.final.searchParams.get('status')).toBe('error');
      expect(flow.final.searchParams.get('code')).toBe('access_denied');
      expect(await store.list(owner.workspaceId)).toEqual([]);
    } finally {
      google.state.denyConsent = false;
    }
  });

  it('pages through comment threads and activities with the cursor, one unit per page', async () => {
    const { owner, channelId, accountId } = await connected(130);
    for (let n = 0; n < 7; n++)
      google.addActivity(channelId, {
        id: `act-${n}`,
        type: 'upload',
        title: `Upload ${n}`,
        publishedAt: new Date().toISOString(),
        videoId: `v${n}`,
      });

    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await stage.api.get(
        `/social-accounts/youtube/comments?accountId=${accountId}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        as(owner),
      );
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(130);

    const first = await stage.api.get(
      `/social-accounts/youtube/activities?accountId=${accountId}&limit=5`,
      as(owner),
    );
    const second = await stage.api.get(
      `/social-accounts/youtube/activities?accountId=${accountId}&limit=5&cursor=${first.body.nextCursor}`,
      as(owner),
    );
    expect([...first.body.items, ...second.body.items].map((a: { id: string }) => a.id)).toHaveLength(7);
    expect(second.body.nextCursor).toBeNull();
    expect((await stage.api.get('/social-accounts/youtube/quota', as(owner))).body.unitsUsedToday).toBe(
      1 + 3 + 2,
    );
  });

  it('replies under a comment for 50 units and explains when comments are disabled', async () => {
    const { owner, channelId, accountId } = await connected(1);

    const reply = await stage.api.post(
      '/social-accounts/youtube/reply',
      { accountId, commentId: `${channelId}-c0`, text: 'It is 12 €!' },
      as(owner),
    );
    expect(reply.status).toBe(200);
    expect(google.state.inserted.at(-1)).toMatchObject({
      parentId: `${channelId}-c0`,
      textOriginal: 'It is 12 €!',
    });
    expect((await stage.api.get('/social-accounts/youtube/quota', as(owner))).body.unitsUsedToday).toBe(51);

    google.state.commentsDisabled.add(`${channelId}-video`);
    const disabled = await stage.api.post(
      '/social-accounts/youtube/reply',
      { accountId, commentId: `${channelId}-c0`, text: 'Hello' },
      as(owner),
    );
    expect(disabled.status).toBe(400);
    expect(disabled.body.error.message).toMatch(/Comments are turned off/);
    const list = await stage.api.get(
      `/social-accounts/youtube/comments?accountId=${accountId}&videoId=${channelId}-video`,
      as(owner),
    );
    expect(list.status).toBe(400);
  });

  it('refreshes the access token before it expires, keeping the refresh token', async () => {
    google.setAccessTtl(600);
    const { owner, accountId } = await connected(1);
    google.setAccessTtl(3599);
    const before = await store.get(owner.workspaceId, accountId);
    const refreshes = google.state.refreshes;

    const response = await stage.api.get(
      `/social-accounts/youtube/comments?accountId=${accountId}`,
      as(owner),
    );

    expect(response.status, response.text).toBe(200);
    expect(google.state.refreshes).toBe(refreshes + 1);
    const after = await store.get(owner.workspaceId, accountId);
    expect(Date.parse(after!.tokenExpiresAt!)).toBeGreaterThan(
      Date.parse(before!.tokenExpiresAt!) + 2400_000,
    );
    // A second call uses the refreshed token without refreshing again
    await stage.api.get(`/social-accounts/youtube/comments?accountId=${accountId}`, as(owner));
    expect(google.state.refreshes).toBe(refreshes + 1);
  });

  it('turns invalid_grant (revoked access) into needs_reconnect, on a call and on the refresh schedule', async () => {
    const onCall = await connected(1);
    google.revoke(onCall.userId);
    const response = await stage.api.get(
      `/social-accounts/youtube/comments?accountId=${onCall.accountId}`,
      as(onCall.owner),
    );
    expect(response.status).toBe(502);
    expect(await store.get(onCall.owner.workspaceId, onCall.accountId)).toMatchObject({
      status: 'needs_reconnect',
      lastError: 'Google says the authorization has expired or was revoked.',
    });

    google.setAccessTtl(600);
    const onSchedule = await connected();
    google.revoke(onSchedule.userId);
    const run = await runScheduleNow('refresh-tokens');
    expect(run.ok).toBe(true);
    expect((await store.get(onSchedule.owner.workspaceId, onSchedule.accountId))?.status).toBe(
      'needs_reconnect',
    );
    // Both went through the account health service: one notification per outage.
    for (const { owner } of [onCall, onSchedule]) {
      const notices = await stage.api.get('/notifications', as(owner));
      expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(['account_needs_reconnect']);
    }
  });

  it('collects new comments and replies onto the queue, and a second run imports nothing new', async () => {
    const { owner, channelId, accountId } = await connected(3);
    google.addThread(channelId, comment(channelId, 10, 30), [
      comment(channelId, 11, 20, { parentId: `${channelId}-c10` }),
      comment(channelId, 12, 10, { parentId: `${channelId}-c10`, authorChannelId: channelId }),
    ]);
    const received: IncomingMessage[] = [];
    await attachConsumer('incomingMessages', async (messages) => {
      received.push(...messages.map((m) => m.body as IncomingMessage));
    });
    const mine = () => received.filter((m) => m.workspaceId === owner.workspaceId);

    await runScheduleNow('collect-youtube');
    expect(
      mine()
        .map((m) => m.platformMessageId)
        .sort(),
    ).toEqual(
      [
        `${channelId}-c0`,
        `${channelId}-c1`,
        `${channelId}-c2`,
        `${channelId}-c10`,
        `${channelId}-c11`,
      ].sort(),
    );
    const reply = mine().find((m) => m.platformMessageId === `${channelId}-c11`);
    expect(reply).toMatchObject({
      platform: 'youtube',
      accountId,
      parentId: `${channelId}-c10`,
      conversationId: `${channelId}-c10`,
      source: 'collector',
    });

    await runScheduleNow('collect-youtube');
    expect(mine()).toHaveLength(5);
    google.addThread(channelId, comment(channelId, 20, 0));
    await runScheduleNow('collect-youtube');
    expect(
      mine()
        .map((m) => m.platformMessageId)
        .slice(5),
    ).toEqual([`${channelId}-c20`]);
  });
});
