import { describe, expect, it } from 'vitest';
import { TikTokApiError } from '../../../shared/adapters/tiktok/ports';
import { TikTokApi, userInfoFields } from '../../../shared/adapters/tiktok/tiktok-api';
import { TikTokBusinessApi } from '../../../shared/adapters/tiktok/tiktok-business-api';
import { tiktokFixture } from '../../support/tiktok-fixtures';

/** A fetch that answers `body` and records what it was asked. */
function answering(body: unknown) {
  const requests: Array<{ url: URL; method: string; headers: Headers; body: unknown }> = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { fetchFn, requests };
}

const business = (fetchFn: typeof fetch) =>
  new TikTokBusinessApi({ apiUrl: 'https://business.test', appId: 'app-1', secret: 's3cret' }, fetchFn);

const ALL_SCOPES = ['user.info.basic', 'video.list', 'video.insights', 'comment.list', 'comment.list.manage'];

describe('Class: TikTokBusinessApi', () => {
  describe('Method: exchangeCode', () => {
    it('posts the documented JSON body and reads the official token answer', async () => {
      // Prepare
      const fixture = tiktokFixture('business-token');
      const { fetchFn, requests } = answering(fixture.body);

      // Act
      const tokens = await business(fetchFn).exchangeCode('the-code', 'https://api.test/cb/');

      // Assess
      expect(requests[0]?.url.pathname).toBe(fixture.request?.path);
      expect(requests[0]?.headers.get('content-type')).toBe('application/json');
      expect(Object.keys(requests[0]?.body as object).sort()).toEqual(
        Object.keys(fixture.request!.body!).sort(),
      );
      expect(requests[0]?.body).toMatchObject({
        client_id: 'app-1',
        client_secret: 's3cret',
        grant_type: 'authorization_code',
        auth_code: 'the-code',
        redirect_uri: 'https://api.test/cb/',
      });
      expect(tokens).toEqual({
        openId: 'openid',
        scope: fixture.body.data.scope,
        accessToken: 'act.token',
        expiresIn: 86_400,
        refreshToken: 'rft.token',
        refreshExpiresIn: 31_536_000,
      });
    });

    it('treats a refused code as a dead grant, and the error envelope’s code as the reason', async () => {
      // Prepare
      const { fetchFn } = answering({
        code: 40002,
        message: 'auth_code is invalid.',
        request_id: 'r',
        data: {},
      });

      // Act
      const failure = await business(fetchFn)
        .exchangeCode('used', 'https://api.test/cb/')
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(TikTokApiError);
      expect(failure).toMatchObject({ kind: 'auth', code: '40002', message: 'auth_code is invalid.' });
    });
  });

  describe('Method: refresh', () => {
    it('reads the official refresh answer, whose refresh token counts down from the first authorization', async () => {
      // Prepare
      const fixture = tiktokFixture('business-refresh-token');
      const { fetchFn, requests } = answering(fixture.body);

      // Act
      const tokens = await business(fetchFn).refresh('rft.token');

      // Assess
      expect(requests[0]?.url.pathname).toBe(fixture.request?.path);
      expect(requests[0]?.body).toEqual(
        fixture.request?.body && {
          ...fixture.request.body,
          client_id: 'app-1',
          client_secret: 's3cret',
          refresh_token: 'rft.token',
        },
      );
      expect(tokens).toMatchObject({
        accessToken: 'act.token',
        refreshToken: 'rft.token',
        refreshExpiresIn: 31_527_314,
      });
    });
  });

  describe('Method: profile', () => {
    it('asks for the basic profile fields and reads the official answer', async () => {
      // Prepare
      const fixture = tiktokFixture('business-get');
      const { fetchFn, requests } = answering(fixture.body);

      // Act
      const user = await business(fetchFn).profile('act.token', 'openid', ALL_SCOPES);

      // Assess
      expect(requests[0]?.url.pathname).toBe(fixture.request?.path);
      expect(requests[0]?.headers.get('access-token')).toBe('act.token');
      expect(JSON.parse(requests[0]!.url.searchParams.get('fields')!)).toEqual([
        'display_name',
        'username',
        'profile_image',
      ]);
      expect(user).toEqual({
        openId: 'openid',
        displayName: 'kiki',
        avatarUrl: fixture.body.data.profile_image,
        username: null,
      });
    });

    it('asks for nothing the grant does not cover: without user.info.basic no call is made', async () => {
      const { fetchFn, requests } = answering({});

      const user = await business(fetchFn).profile('act.token', 'openid', ['video.list']);

      expect(requests).toEqual([]);
      expect(user).toMatchObject({ openId: 'openid', displayName: 'openid' });
    });
  });

  describe('Method: listComments', () => {
    it('reads the official comment list: commenters by unique_identifier, own comments by owner', async () => {
      // Prepare
      const fixture = tiktokFixture('business-comment-list');
      const { fetchFn, requests } = answering(fixture.body);

      // Act
      const page = await business(fetchFn).listComments('act.token', 'openid', '6990565363377392901', 0, 30);

      // Assess
      const query = Object.fromEntries(requests[0]!.url.searchParams);
      expect(query).toMatchObject({
        ...fixture.request?.query,
        business_id: 'openid',
        cursor: '0',
        max_count: '30',
      });
      expect(page.cursor).toBeNull();
      expect(page.comments).toEqual([
        {
          commentId: '6990565363377392901',
          videoId: '6990565363377392901',
          authorId: '+ABc1D2/E0fGhijklMNOrD34vDW/zDiZUNRH5Jyahue6OcA7b8ZpwnqXV9u1Uh+k',
          username: 'test_user',
          displayName: 'Test User',
          text: 'This is a comment #comment 🙂',
          createTime: 1_627_617_835,
          parentCommentId: null,
          ownedByAccount: false,
          hidden: false,
        },
        expect.objectContaining({ commentId: '6990565363377392902', ownedByAccount: true }),
      ]);
    });

    it('falls back to user_id and accepts numeric times when a field is absent or typed otherwise', async () => {
      const { fetchFn } = answering({
        code: 0,
        message: 'OK',
        request_id: 'r',
        data: {
          comments: [{ comment_id: 7, user_id: 'u-hash', create_time: 1700000000, text: 'hi' }],
          has_more: true,
          cursor: 30,
        },
      });

      const page = await business(fetchFn).listComments('t', 'b', 'v', 0, 30);

      expect(page.cursor).toBe(30);
      expect(page.comments[0]).toMatchObject({
        commentId: '7',
        videoId: 'v',
        authorId: 'u-hash',
        createTime: 1_700_000_000,
      });
    });
  });

  describe('Method: replyToComment', () => {
    it('posts the reply body and reads the new comment id from the official answer', async () => {
      // Prepare
      const fixture = tiktokFixture('business-comment-reply-create');
      const { fetchFn, requests } = answering(fixture.body);

      // Act
      const reply = await business(fetchFn).replyToComment('act.token', {
        businessId: 'openid',
        videoId: '6990565363377392901',
        commentId: '6990565363377392901',
        text: 'Thanks! It is 12 €.',
      });

      // Assess
      expect(requests[0]?.url.pathname).toBe(fixture.request?.path);
      expect(requests[0]?.body).toEqual({ ...fixture.request?.body, business_id: 'openid' });
      expect(reply).toEqual({ commentId: '6990565363377392999' });
    });
  });

  describe('Method: listVideos', () => {
    it('asks for the counts only with video.insights', async () => {
      const { fetchFn, requests } = answering({
        code: 0,
        message: 'OK',
        request_id: 'r',
        data: { videos: [] },
      });

      await business(fetchFn).listVideos('t', 'b', null, 10, ['video.list']);
      await business(fetchFn).listVideos('t', 'b', 1_700_000_000_000, 10, ALL_SCOPES);

      expect(JSON.parse(requests[0]!.url.searchParams.get('fields')!)).toEqual([
        'item_id',
        'create_time',
        'caption',
        'share_url',
      ]);
      expect(JSON.parse(requests[1]!.url.searchParams.get('fields')!)).toEqual([
        'item_id',
        'create_time',
        'caption',
        'share_url',
        'video_views',
        'likes',
        'comments',
        'shares',
      ]);
      expect(requests[1]?.url.searchParams.get('cursor')).toBe('1700000000000');
    });
  });

  describe('Method: request (errors)', () => {
    it.each([
      [40105, 'auth'],
      [40100, 'rate_limited'],
      [40001, 'permission'],
      [40002, 'invalid_request'],
      [50002, 'unavailable'],
    ] as const)('code %s → %s', async (code, kind) => {
      const body = { ...tiktokFixture('business-error-access-token').body, code };
      const { fetchFn } = answering(body);

      const failure = await business(fetchFn)
        .listComments('t', 'b', 'v', 0, 30)
        .catch((error: unknown) => error);

      expect(failure).toMatchObject({ kind, code: String(code) });
    });
  });
});

describe('Class: TikTokApi', () => {
  describe('Method: userInfo', () => {
    it('asks only for the fields user.info.basic covers and reads the official answer', async () => {
      // Prepare
      const fixture = tiktokFixture('login-kit-user-info');
      const { fetchFn, requests } = answering(fixture.body);
      const api = new TikTokApi({ apiUrl: 'https://open.test', clientKey: 'k', clientSecret: 's' }, fetchFn);

      // Act
      const user = await api.userInfo('act.x', ['user.info.basic', 'video.list']);

      // Assess
      expect(requests[0]?.url.searchParams.get('fields')).toBe(fixture.request?.query?.fields);
      expect(requests[0]?.headers.get('authorization')).toBe('Bearer act.x');
      expect(user).toEqual({
        openId: '723f24d7-e717-40f8-a2b6-cb8464cd23b4',
        displayName: 'Tik Toker',
        avatarUrl: fixture.body.data.user.avatar_url,
        username: null,
      });
    });
  });
});

describe('Function: userInfoFields', () => {
  it('adds username only with user.info.profile', () => {
    expect(userInfoFields(['user.info.basic'])).toEqual([
      'open_id',
      'union_id',
      'avatar_url',
      'display_name',
    ]);
    expect(userInfoFields(['user.info.basic', 'user.info.profile'])).toEqual([
      'open_id',
      'union_id',
      'avatar_url',
      'display_name',
      'username',
    ]);
    expect(userInfoFields(['video.list'])).toEqual([]);
  });
});
