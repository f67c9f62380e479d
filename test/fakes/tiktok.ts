import { createHash } from 'node:crypto';
import {
  type FakeRequest,
  type FakeResponse,
  formOf,
  jsonOf,
  redirectTo,
  startFakeServer,
  token,
} from './http-kit';

/**
 * A fake TikTok speaking the real shapes of three hosts on one server (point TIKTOK_AUTH_URL, TIKTOK_API_URL and
 * TIKTOK_BUSINESS_API_URL at `url`):
 * - Login Kit v2: GET /v2/auth/authorize/ auto-consents with a 302 to the redirect URI (PKCE S256 checked at the
 *   token endpoint); POST /v2/oauth/token/ (form-encoded) with refresh token rotation and the
 *   `{ error, error_description, log_id }` error shape.
 * - Display API v2: /v2/user/info/, /v2/video/list/ (cursor + has_more), envelope
 *   `{ data, error: { code, message, log_id } }` with access_token_invalid (401), rate_limit_exceeded (429).
 * - Business API v1.3: comment list (cursor + has_more) and reply, `Access-Token` header, envelope
 *   `{ code, message, data, request_id }` where code != 0 is an error with HTTP 200.
 */
export interface FakeTikTokOptions {
  clientKey?: string;
  clientSecret?: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** The fake's clock (ms); tokens expire against it. */
  now?: () => number;
  port?: number;
}

export interface FakeTikTokVideo {
  id: string;
  title: string;
  /** Unix seconds. */
  createTime: number;
  comments: FakeTikTokComment[];
}

export interface FakeTikTokComment {
  comment_id: string;
  video_id: string;
  user_id: string;
  username: string;
  display_name: string;
  text: string;
  create_time: number;
  parent_comment_id?: string;
}

type Endpoint = 'token' | 'user' | 'videos' | 'comments' | 'reply';
type Fault = 'rate_limited' | 'server_error' | 'token_invalid';

interface Grant {
  openId: string;
  scope: string;
  expiresAt: number;
}

export interface FakeTikTokState {
  users: Map<string, { openId: string; displayName: string; username: string }>;
  videos: Map<string, FakeTikTokVideo[]>;
  /** The user who "logs in" on the authorize page. */
  consentUser: string;
  denyConsent: boolean;
  codes: Map<
    string,
    { openId: string; scope: string; redirectUri: string; challenge: string | null; used: boolean }
  >;
  accessTokens: Map<string, Grant>;
  refreshTokens: Map<string, Grant & { rotated: boolean }>;
  replies: Array<{ businessId: string; videoId: string; commentId: string; text: string; replyId: string }>;
  faults: Map<Endpoint, Fault[]>;
  calls: Record<Endpoint | 'authorize', number>;
  refreshes: number;
}

export async function startFakeTikTok(options: FakeTikTokOptions = {}) {
  const clientKey = options.clientKey ?? 'tt-client-key';
  const clientSecret = options.clientSecret ?? 'tt-client-secret';
  let accessTtl = options.accessTtlSeconds ?? 7200;
  const refreshTtl = options.refreshTtlSeconds ?? 180 * 86_400;
  const now = options.now ?? (() => Date.now());
  const state: FakeTikTokState = {
    users: new Map([
      ['open-id-1', { openId: 'open-id-1', displayName: 'Bakery Lola', username: 'bakerylola' }],
    ]),
    videos: new Map(),
    consentUser: 'open-id-1',
    denyConsent: false,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    replies: [],
    faults: new Map(),
    calls: { authorize: 0, token: 0, user: 0, videos: 0, comments: 0, reply: 0 },
    refreshes: 0,
  };
  const logId = () => token('202611250000');

  const fault = (endpoint: Endpoint): Fault | undefined => state.faults.get(endpoint)?.shift();

  const displayError = (
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): FakeResponse => ({
    status,
    body: { data: {}, error: { code, message, log_id: logId() } },
    ...(headers ? { headers } : {}),
  });
  const businessError = (code: number, message: string): FakeResponse => ({
    status: 200,
    body: { code, message, data: {}, request_id: logId() },
  });
  const tokenError = (status: number, error: string, description: string): FakeResponse => ({
    status,
    body: { error, error_description: description, log_id: logId() },
  });

  function issueTokens(openId: string, scope: string) {
    const accessToken = token('act.');
    const refreshToken = token('rft.');
    state.accessTokens.set(accessToken, { openId, scope, expiresAt: now() + accessTtl * 1000 });
    state.refreshTokens.set(refreshToken, {
      openId,
      scope,
      expiresAt: now() + refreshTtl * 1000,
      rotated: false,
    });
    return {
      open_id: openId,
      scope,
      access_token: accessToken,
      expires_in: accessTtl,
      refresh_token: refreshToken,
      refresh_expires_in: refreshTtl,
      token_type: 'Bearer',
    };
  }

  function grantOf(value: string | undefined): Grant | undefined {
    if (!value) return undefined;
    const grant = state.accessTokens.get(value);
    return grant && grant.expiresAt > now() ? grant : undefined;
  }

  function authorize(request: FakeRequest): FakeResponse {
    state.calls.authorize += 1;
    const q = request.url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_key') !== clientKey || !redirectUri || q.get('response_type') !== 'code')
      return { status: 400, raw: 'invalid client_key, redirect_uri or response_type' };
    const challenge = q.get('code_challenge');
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return { status: 400, raw: 'code_challenge_method must be S256' };
    const target = new URL(redirectUri);
    if (state.denyConsent) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied the request');
    } else {
      const code = token('code-');
      state.codes.set(code, {
        openId: state.consentUser,
        scope: q.get('scope') ?? '',
        redirectUri,
        challenge,
        used: false,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('scopes', q.get('scope') ?? '');
    }
    target.searchParams.set('state', q.get('state') ?? '');
    return redirectTo(target.toString());
  }

  function tokenEndpoint(request: FakeRequest): FakeResponse {
    state.calls.token += 1;
    const form = formOf(request);
    if (!form)
      return tokenError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    if (form.get('client_key') !== clientKey || form.get('client_secret') !== clientSecret)
      return tokenError(401, 'invalid_client', 'Client key or secret is invalid.');
    const injected = fault('token');
    if (injected === 'rate_limited')
      return {
        ...tokenError(429, 'rate_limit_exceeded', 'Too many requests.'),
        headers: { 'retry-after': '2' },
      };
    if (injected === 'server_error') return tokenError(500, 'internal_error', 'Internal error.');
    if (form.get('grant_type') === 'authorization_code') {
      const code = state.codes.get(form.get('code') ?? '');
      if (!code || code.used)
        return tokenError(400, 'invalid_grant', 'Authorization code is expired or invalid.');
      if (code.redirectUri !== form.get('redirect_uri'))
        return tokenError(400, 'invalid_grant', 'redirect_uri does not match.');
      if (code.challenge) {
        const verifier = form.get('code_verifier') ?? '';
        const computed = createHash('sha256').update(verifier).digest('base64url');
        if (computed !== code.challenge) return tokenError(400, 'invalid_grant', 'Code verifier is invalid.');
      }
      code.used = true;
      return { status: 200, body: issueTokens(code.openId, code.scope) };
    }
    if (form.get('grant_type') === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = state.refreshTokens.get(presented);
      if (!grant || grant.rotated || grant.expiresAt <= now())
        return tokenError(400, 'invalid_grant', 'Refresh token is invalid or expired.');
      grant.rotated = true; // rotation: the old refresh token stops working
      state.refreshes += 1;
      return { status: 200, body: issueTokens(grant.openId, grant.scope) };
    }
    return tokenError(400, 'unsupported_grant_type', 'grant_type is not supported.');
  }

  function display(request: FakeRequest, endpoint: 'user' | 'videos'): FakeResponse {
    state.calls[endpoint] += 1;
    const header = String(request.headers.authorization ?? '');
    const grant = grantOf(header.startsWith('Bearer ') ? header.slice(7) : undefined);
    const injected = fault(endpoint);
    if (injected === 'rate_limited')
      return displayError(
        429,
        'rate_limit_exceeded',
        'API rate limit was exceeded, please try again later.',
        { 'retry-after': '3' },
      );
    if (injected === 'server_error') return displayError(500, 'internal_error', 'Internal error.');
    if (!grant || injected === 'token_invalid')
      return displayError(
        401,
        'access_token_invalid',
        'The access token is invalid or not found in the request.',
      );
    if (!request.url.searchParams.get('fields'))
      return displayError(400, 'invalid_params', 'fields is required.');
    if (endpoint === 'user') {
      const user = state.users.get(grant.openId)!;
      return {
        status: 200,
        body: {
          data: {
            user: {
              open_id: user.openId,
              union_id: `u-${user.openId}`,
              display_name: user.displayName,
              username: user.username,
              avatar_url: 'https://example.test/a.png',
            },
          },
          error: { code: 'ok', message: '', log_id: logId() },
        },
      };
    }
    if (!grant.scope.split(',').includes('video.list'))
      return displayError(
        403,
        'scope_not_authorized',
        'The user did not authorize the scope required for completing this request.',
      );
    const body = jsonOf(request) ?? {};
    const max = Number(body.max_count ?? 10);
    if (!Number.isInteger(max) || max < 1 || max > 20)
      return displayError(400, 'invalid_params', 'max_count must be 1..20.');
    const cursor = body.cursor === undefined ? Number.POSITIVE_INFINITY : Number(body.cursor);
    const all = [...(state.videos.get(grant.openId) ?? [])].sort((a, b) => b.createTime - a.createTime);
    const older = all.filter((v) => v.createTime * 1000 < cursor);
    const page = older.slice(0, max);
    const hasMore = older.length > max;
    return {
      status: 200,
      body: {
        data: {
          videos: page.map((v) => ({
            id: v.id,
            title: v.title,
            create_time: v.createTime,
            share_url: `https://www.tiktok.com/@x/video/${v.id}`,
            view_count: 100,
            like_count: 10,
            comment_count: v.comments.length,
            share_count: 1,
          })),
          cursor: page.length ? page[page.length - 1]!.createTime * 1000 : 0,
          has_more: hasMore,
        },
        error: { code: 'ok', message: '', log_id: logId() },
      },
    };
  }

  function business(request: FakeRequest, endpoint: 'comments' | 'reply'): FakeResponse {
    state.calls[endpoint] += 1;
    const grant = grantOf(String(request.headers['access-token'] ?? ''));
    const injected = fault(endpoint);
    if (injected === 'rate_limited') return businessError(40100, 'Requests made too frequently.');
    if (injected === 'server_error')
      return { status: 500, body: { code: 50000, message: 'System error', data: {}, request_id: logId() } };
    if (!grant || injected === 'token_invalid')
      return businessError(40105, 'Access token is incorrect or has been revoked.');
    if (endpoint === 'comments') {
      const q = request.url.searchParams;
      if (q.get('business_id') !== grant.openId)
        return businessError(40002, 'business_id does not match the access token.');
      const video = (state.videos.get(grant.openId) ?? []).find((v) => v.id === q.get('video_id'));
      if (!video) return businessError(40002, 'video_id is invalid.');
      const offset = Number(q.get('cursor') ?? 0);
      const max = Math.min(30, Number(q.get('max_count') ?? 20));
      const sorted = [...video.comments].sort((a, b) => b.create_time - a.create_time);
      const page = sorted.slice(offset, offset + max);
      return {
        status: 200,
        body: {
          code: 0,
          message: 'OK',
          request_id: logId(),
          data: {
            comments: page,
            cursor: offset + page.length,
            has_more: offset + page.length < sorted.length,
          },
        },
      };
    }
    const body = jsonOf(request);
    if (!body || body.business_id !== grant.openId)
      return businessError(40002, 'business_id does not match the access token.');
    const text = String(body.text ?? '');
    if (text.length === 0 || [...text].length > 150)
      return businessError(40002, 'text must be 1 to 150 characters.');
    const video = (state.videos.get(grant.openId) ?? []).find((v) => v.id === body.video_id);
    if (!video?.comments.some((c) => c.comment_id === body.comment_id))
      return businessError(40002, 'comment_id is invalid.');
    const replyId = token('reply-');
    state.replies.push({
      businessId: grant.openId,
      videoId: String(body.video_id),
      commentId: String(body.comment_id),
      text,
      replyId,
    });
    return {
      status: 200,
      body: { code: 0, message: 'OK', request_id: logId(), data: { comment_id: replyId } },
    };
  }

  const server = await startFakeServer((request) => {
    const path = request.url.pathname;
    if (request.method === 'GET' && path === '/v2/auth/authorize/') return authorize(request);
    if (request.method === 'POST' && path === '/v2/oauth/token/') return tokenEndpoint(request);
    if (request.method === 'GET' && path === '/v2/user/info/') return display(request, 'user');
    if (request.method === 'POST' && path === '/v2/video/list/') return display(request, 'videos');
    if (request.method === 'GET' && path === '/open_api/v1.3/business/comment/list/')
      return business(request, 'comments');
    if (request.method === 'POST' && path === '/open_api/v1.3/business/comment/reply/create/')
      return business(request, 'reply');
    return { status: 404, body: { code: 40400, message: `Unknown path ${path}` } };
  }, options.port);

  return {
    url: server.url,
    state,
    clientKey,
    clientSecret,
    stop: server.stop,
    /** Lifetime of access tokens issued from now on. */
    setAccessTtl(seconds: number): void {
      accessTtl = seconds;
    },
    addUser(openId: string, displayName = openId): void {
      state.users.set(openId, { openId, displayName, username: openId.replace(/\W/g, '') });
    },
    addVideo(openId: string, video: Omit<FakeTikTokVideo, 'comments'>): FakeTikTokVideo {
      const full = { ...video, comments: [] };
      state.videos.set(openId, [...(state.videos.get(openId) ?? []), full]);
      return full;
    },
    addComment(openId: string, videoId: string, comment: Omit<FakeTikTokComment, 'video_id'>): void {
      const video = state.videos.get(openId)?.find((v) => v.id === videoId);
      if (!video) throw new Error(`no video ${videoId}`);
      video.comments.push({ ...comment, video_id: videoId });
    },
    /** The user removes the app: every token of theirs stops working. */
    revoke(openId: string): void {
      for (const [key, grant] of state.accessTokens)
        if (grant.openId === openId) state.accessTokens.delete(key);
      for (const [key, grant] of state.refreshTokens)
        if (grant.openId === openId) state.refreshTokens.delete(key);
    },
    /** Makes the next `count` calls to an endpoint fail with `fault`. */
    failNext(endpoint: Endpoint, fault: Fault, count = 1): void {
      state.faults.set(endpoint, [...(state.faults.get(endpoint) ?? []), ...Array(count).fill(fault)]);
    },
  };
}

export type FakeTikTok = Awaited<ReturnType<typeof startFakeTikTok>>;
