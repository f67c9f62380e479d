import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GoogleOAuthClient } from '../../../shared/adapters/google/google-oauth-client';
import { GoogleYouTubeApi, YOUTUBE_SCOPES } from '../../../shared/adapters/youtube/youtube-api';
import { pkceChallenge } from '../../../shared/services/social/oauth-state';
import { type FakeGoogle, type FakeYouTubeComment, startFakeGoogle } from '../../../simulation/google';
import { type FakeRequest, type FakeResponse, startFakeServer } from '../../../simulation/http-kit';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const REDIRECT = 'http://app.test/callback';
const CHANNEL = 'UC_channel_1';

/** An API host that answers what the test queues (or hangs), recording each request. */
async function scripted() {
  const queue: Array<FakeResponse | 'hang'> = [];
  const seen: FakeRequest[] = [];
  const server = await startFakeServer(async (request) => {
    seen.push(request);
    const next = queue.shift() ?? { status: 200, body: { items: [] } };
    if (next === 'hang') return new Promise<FakeResponse>(() => {});
    return next;
  });
  return { ...server, seen, queue };
}

const comment = (id: string, minutes: number, parentId?: string): FakeYouTubeComment => ({
  id,
  videoId: 'video-1',
  authorChannelId: `UC_${id}`,
  authorDisplayName: `@${id}`,
  textOriginal: `text ${id}`,
  publishedAt: new Date(NOW - minutes * 60_000).toISOString(),
  ...(parentId ? { parentId } : {}),
});

describe('Class: GoogleYouTubeApi', () => {
  let google: FakeGoogle;
  let server: Awaited<ReturnType<typeof scripted>>;
  let oauth: GoogleOAuthClient;
  let api: GoogleYouTubeApi;
  let accessToken: string;
  let refreshToken: string;

  beforeAll(async () => {
    google = await startFakeGoogle({ now: () => NOW });
    server = await scripted();
    oauth = new GoogleOAuthClient(
      {
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        oauthUrl: google.url,
        tokenUrl: `${google.url}/token`,
      },
      () => new Date(NOW),
    );
    api = new GoogleYouTubeApi(oauth, google.url);
    const verifier = 'v'.repeat(43);
    const consent = await fetch(
      api.authorizationUrl({ state: 's', redirectUri: REDIRECT, codeChallenge: pkceChallenge(verifier) }),
      { redirect: 'manual' },
    );
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const tokens = await api.exchangeCode(code, REDIRECT, verifier);
    accessToken = tokens.accessToken;
    refreshToken = tokens.refreshToken!;
    google.addThread(
      CHANNEL,
      comment('top-1', 60),
      Array.from({ length: 7 }, (_, i) => comment(`reply-${i}`, 50 - i, 'top-1')),
    );
    google.addThread(CHANNEL, comment('top-2', 30));
    google.addActivity(CHANNEL, {
      id: 'act-1',
      type: 'upload',
      title: 'New video',
      publishedAt: new Date(NOW - 3_600_000).toISOString(),
      videoId: 'video-1',
    });
  });
  afterAll(async () => {
    await server.stop();
    await google.stop();
  });
  beforeEach(() => {
    server.queue.length = 0;
  });

  const scriptedApi = (timeoutMs?: number) => new GoogleYouTubeApi(oauth, `${server.url}/`, { timeoutMs });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  describe('Method: authorizationUrl', () => {
    it('asks Google for the youtube.force-ssl scope', () => {
      // Act
      const url = new URL(api.authorizationUrl({ state: 's', redirectUri: REDIRECT, codeChallenge: 'c' }));

      // Assess
      expect(url.searchParams.get('scope')).toBe(YOUTUBE_SCOPES.join(' '));
      expect(url.searchParams.get('access_type')).toBe('offline');
    });
  });

  describe('Method: refresh', () => {
    it('maps a revoked grant to auth, so the account is asked to reconnect', async () => {
      // Act
      const fresh = await api.refresh(refreshToken);
      const revoked = await failure(api.refresh('1//0g-revoked'));

      // Assess
      expect(fresh.refreshToken).toBe(refreshToken);
      expect(revoked).toMatchObject({
        name: 'YouTubeApiError',
        kind: 'auth',
        reason: 'invalid_grant',
        status: 400,
      });
    });
  });

  describe('Method: myChannel', () => {
    it('reads the signed-in user’s channel with channels.list?mine=true', async () => {
      // Act
      const channel = await api.myChannel(accessToken);

      // Assess
      expect(channel).toEqual({ id: CHANNEL, title: 'Lola Bakes' });
    });

    it('refuses an account without a channel', async () => {
      // Prepare
      server.queue.push({ status: 200, body: { kind: 'youtube#channelListResponse', items: [] } });

      // Act
      const error = await failure(scriptedApi().myChannel('ya29.x'));

      // Assess
      expect(error).toMatchObject({ kind: 'forbidden', reason: 'noChannel', status: 403 });
      const asked = server.seen.at(-1)!;
      expect(asked.url.pathname).toBe('/youtube/v3/channels');
      expect(Object.fromEntries(asked.url.searchParams)).toEqual({ part: 'snippet', mine: 'true' });
      expect(asked.headers.authorization).toBe('Bearer ya29.x');
    });
  });

  describe('Method: commentThreads', () => {
    it('pages a channel’s threads newest first, with the inline subset of replies and their count', async () => {
      // Act
      const first = await api.commentThreads(accessToken, { channelId: CHANNEL, maxResults: 1 });
      const second = await api.commentThreads(accessToken, {
        channelId: CHANNEL,
        maxResults: 1,
        pageToken: first.nextPageToken!,
      });

      // Assess
      expect(first.items.map((t) => t.id)).toEqual(['top-2']);
      expect(first.nextPageToken).toEqual(expect.any(String));
      expect(second.items[0]).toMatchObject({
        id: 'top-1',
        videoId: 'video-1',
        canReply: true,
        totalReplyCount: 7,
        topLevelComment: {
          id: 'top-1',
          authorChannelId: 'UC_top-1',
          authorName: '@top-1',
          text: 'text top-1',
        },
      });
      expect(second.items[0]?.replies).toHaveLength(5);
      expect(second.items[0]?.replies[0]).toMatchObject({ parentId: 'top-1', videoId: 'video-1' });
      expect(second.nextPageToken).toBeNull();
    });

    it('sends the documented query: part, one filter, maxResults, order, textFormat and the page token', async () => {
      // Act
      await scriptedApi().commentThreads('ya29.x', { videoId: 'video-9', maxResults: 20, pageToken: 'p2' });
      await scriptedApi().commentThreads('ya29.x', { channelId: 'UC9', maxResults: 100 });

      // Assess
      const [byVideo, byChannel] = server.seen.slice(-2).map((r) => r.url);
      expect(byVideo?.pathname).toBe('/youtube/v3/commentThreads');
      expect(Object.fromEntries(byVideo!.searchParams)).toEqual({
        part: 'snippet,replies',
        videoId: 'video-9',
        maxResults: '20',
        order: 'time',
        textFormat: 'plainText',
        pageToken: 'p2',
      });
      expect(Object.fromEntries(byChannel!.searchParams)).toEqual({
        part: 'snippet,replies',
        allThreadsRelatedToChannelId: 'UC9',
        maxResults: '100',
        order: 'time',
        textFormat: 'plainText',
      });
    });

    it('classifies quotaExceeded (403) as the quota, not as a refused account', async () => {
      // Prepare
      google.failNext('commentThreads', 'quota');

      // Act
      const error = await failure(api.commentThreads(accessToken, { channelId: CHANNEL, maxResults: 20 }));

      // Assess
      expect(error).toMatchObject({
        name: 'YouTubeApiError',
        kind: 'quota',
        reason: 'quotaExceeded',
        status: 403,
      });
    });

    it('classifies commentsDisabled, a 429 rateLimitExceeded, a 401 authError and a 503', async () => {
      // Prepare
      google.state.commentsDisabled.add('video-off');
      google.failNext('commentThreads', 'rate_limited');
      google.failNext('commentThreads', 'server_error');

      // Act
      const rateLimited = await failure(
        api.commentThreads(accessToken, { channelId: CHANNEL, maxResults: 20 }),
      );
      const unavailable = await failure(
        api.commentThreads(accessToken, { channelId: CHANNEL, maxResults: 20 }),
      );
      const disabled = await failure(
        api.commentThreads(accessToken, { videoId: 'video-off', maxResults: 20 }),
      );
      const unauthenticated = await failure(
        api.commentThreads('ya29.unknown', { channelId: CHANNEL, maxResults: 20 }),
      );

      // Assess
      expect(rateLimited).toMatchObject({ kind: 'rate_limited', reason: 'rateLimitExceeded', status: 429 });
      expect(unavailable).toMatchObject({ kind: 'unavailable', reason: 'backendError', status: 503 });
      expect(disabled).toMatchObject({ kind: 'comments_disabled', reason: 'commentsDisabled', status: 403 });
      expect(unauthenticated).toMatchObject({ kind: 'auth', reason: 'authError', status: 401 });
    });

    it('classifies an answer without Google’s error body by its status', async () => {
      // Prepare
      server.queue.push({ status: 502, raw: '<html>Bad Gateway</html>' });
      server.queue.push({ status: 429, raw: '' });

      // Act
      const badGateway = await failure(
        scriptedApi().commentThreads('ya29.x', { channelId: 'UC', maxResults: 1 }),
      );
      const tooMany = await failure(
        scriptedApi().commentThreads('ya29.x', { channelId: 'UC', maxResults: 1 }),
      );

      // Assess
      expect(badGateway).toMatchObject({ kind: 'unavailable', reason: 'http_502', status: 502 });
      expect(tooMany).toMatchObject({ kind: 'rate_limited', reason: 'http_429', status: 429 });
    });

    it('gives up after the timeout, without retrying', async () => {
      // Prepare
      server.queue.push('hang');
      const before = server.seen.length;

      // Act
      const error = await failure(
        scriptedApi(50).commentThreads('ya29.x', { channelId: 'UC', maxResults: 1 }),
      );

      // Assess
      expect(error).toMatchObject({ kind: 'unavailable', reason: 'timeout', status: 0 });
      expect(server.seen.length - before).toBe(1);
    });
  });

  describe('Method: replies', () => {
    it('pages the replies a thread left out with comments.list?parentId=', async () => {
      // Act
      const first = await api.replies(accessToken, { parentId: 'top-1', maxResults: 5 });
      const rest = await api.replies(accessToken, {
        parentId: 'top-1',
        maxResults: 5,
        pageToken: first.nextPageToken!,
      });

      // Assess
      expect([...first.items, ...rest.items].map((r) => r.id)).toEqual(
        Array.from({ length: 7 }, (_, i) => `reply-${i}`),
      );
      expect(rest.items[0]).toMatchObject({ parentId: 'top-1', videoId: 'video-1', text: 'text reply-5' });
      expect(rest.nextPageToken).toBeNull();
    });
  });

  describe('Method: activities', () => {
    it('reads the channel’s activities with the uploaded video', async () => {
      // Act
      const page = await api.activities(accessToken, { channelId: CHANNEL, maxResults: 50 });

      // Assess
      expect(page).toEqual({
        items: [
          {
            id: 'act-1',
            type: 'upload',
            title: 'New video',
            publishedAt: new Date(NOW - 3_600_000).toISOString(),
            videoId: 'video-1',
          },
        ],
        nextPageToken: null,
      });
    });
  });

  describe('Method: reply', () => {
    it('inserts a reply under the top-level comment with comments.insert', async () => {
      // Act
      const reply = await api.reply(accessToken, 'top-2', 'Thanks!');

      // Assess
      expect(reply).toMatchObject({
        parentId: 'top-2',
        videoId: 'video-1',
        authorChannelId: CHANNEL,
        text: 'Thanks!',
      });
      expect(google.state.inserted.at(-1)).toMatchObject({ parentId: 'top-2', textOriginal: 'Thanks!' });
    });

    it('posts the snippet as JSON, and maps the documented refusals', async () => {
      // Act
      const missingParent = await failure(api.reply(accessToken, 'no-such-thread', 'Hi'));
      const emptyText = await failure(api.reply(accessToken, 'top-2', ''));
      await scriptedApi().reply('ya29.x', 'top-9', 'Hello');

      // Assess
      expect(missingParent).toMatchObject({
        kind: 'invalid_request',
        reason: 'parentCommentNotFound',
        status: 404,
      });
      expect(emptyText).toMatchObject({
        kind: 'invalid_request',
        reason: 'commentTextRequired',
        status: 400,
      });
      const posted = server.seen.at(-1)!;
      expect(posted.method).toBe('POST');
      expect(`${posted.url.pathname}${posted.url.search}`).toBe('/youtube/v3/comments?part=snippet');
      expect(posted.headers['content-type']).toBe('application/json');
      expect(JSON.parse(posted.body)).toEqual({ snippet: { parentId: 'top-9', textOriginal: 'Hello' } });
    });
  });
});
