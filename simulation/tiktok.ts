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
 * A fake TikTok Login Kit + Display API speaking the real shapes of two hosts on one server (point
 * TIKTOK_AUTH_URL and TIKTOK_API_URL at `url`). Comments are not here: they are in the TikTok API for Business,
 * another product with its own app and tokens (simulation/tiktok-business.ts), which refuses these tokens.
 * - Login Kit v2: GET /v2/auth/authorize/ auto-consents with a 302 to the redirect URI (PKCE S256 checked at the
 *   token endpoint); POST /v2/oauth/token/ (form-encoded) with refresh token rotation and the
 *   `{ error, error_description, log_id }` error shape
 *   (https://developers.tiktok.com/doc/oauth-user-access-token-management ;
 *   https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token).
 * - Display API v2: /v2/user/info/ (each field needs its scope), /v2/video/list/ (cursor + has_more), envelope
 *   `{ data, error: { code, message, log_id } }` with access_token_invalid (401), scope_not_authorized (401),
 *   scope_permission_missed (400), rate_limit_exceeded (429)
 *   (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling).
 */
/**
 * `/v2/user/info/` fields and the scope each needs: since the scope migration, user.info.basic only covers
 * open_id, union_id, the avatars and display_name (https://developers.tiktok.com/bulletin/user-info-scope-migration ;
 * https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info).
 */
export const USER_INFO_FIELD_SCOPES: Record<string, string> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
};

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
  commentCount: number;
}

type Endpoint = 'token' | 'user' | 'videos';
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
  /** The scopes the user approves on the consent page (default: all asked for); users may approve a subset. */
  approveOnly: string[] | null;
  codes: Map<
    string,
    { openId: string; scope: string; redirectUri: string; challenge: string | null; used: boolean }
  >;
  accessTokens: Map<string, Grant>;
  refreshTokens: Map<string, Grant & { rotated: boolean }>;
  /** The `fields` of every /v2/user/info/ request, in order. */
  userInfoFields: string[][];
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
    approveOnly: null,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    userInfoFields: [],
    faults: new Map(),
    calls: { authorize: 0, token: 0, user: 0, videos: 0 },
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
      // "Users have the rights to only agree to a subset of scopes you asked for"
      // (https://developers.tiktok.com/doc/login-kit-manage-user-access-tokens).
      const asked = (q.get('scope') ?? '').split(',').filter(Boolean);
      const granted = asked
        .filter((scope) => !state.approveOnly || state.approveOnly.includes(scope))
        .join(',');
      const code = token('code-');
      state.codes.set(code, {
        openId: state.consentUser,
        scope: granted,
        redirectUri,
        challenge,
        used: false,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('scopes', granted);
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

  function userInfo(grant: Grant, fields: string[]): FakeResponse {
    const unknown = fields.filter((field) => !(field in USER_INFO_FIELD_SCOPES));
    if (unknown.length > 0)
      return displayError(400, 'invalid_params', `Unknown fields: ${unknown.join(',')}.`);
    const granted = grant.scope.split(',');
    const outside = fields.filter((field) => !granted.includes(USER_INFO_FIELD_SCOPES[field]!));
    if (outside.length > 0)
      return displayError(
        400,
        'scope_permission_missed',
        `Access token is invalid, some fields need additional scopes: ${outside
          .map((field) => `${field} (${USER_INFO_FIELD_SCOPES[field]})`)
          .join(', ')}.`,
      );
    const user = state.users.get(grant.openId)!;
    const all: Record<string, unknown> = {
      open_id: user.openId,
      union_id: `u-${user.openId}`,
      avatar_url: 'https://example.test/a.png',
      display_name: user.displayName,
      username: user.username,
    };
    return {
      status: 200,
      body: {
        data: { user: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) },
        error: { code: 'ok', message: '', log_id: logId() },
      },
    };
  }

  function videoList(request: FakeRequest, grant: Grant): FakeResponse {
    if (!grant.scope.split(',').includes('video.list'))
      return displayError(
        401,
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
            comment_count: v.commentCount,
            share_count: 1,
          })),
          cursor: page.length ? page[page.length - 1]!.createTime * 1000 : 0,
          has_more: hasMore,
        },
        error: { code: 'ok', message: '', log_id: logId() },
      },
    };
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
    const fields = (request.url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
    if (fields.length === 0) return displayError(400, 'invalid_params', 'fields is required.');
    if (endpoint === 'user') {
      state.userInfoFields.push(fields);
      return userInfo(grant, fields);
    }
    return videoList(request, grant);
  }

  const server = await startFakeServer((request) => {
    const path = request.url.pathname;
    if (request.method === 'GET' && path === '/v2/auth/authorize/') return authorize(request);
    if (request.method === 'POST' && path === '/v2/oauth/token/') return tokenEndpoint(request);
    if (request.method === 'GET' && path === '/v2/user/info/') return display(request, 'user');
    if (request.method === 'POST' && path === '/v2/video/list/') return display(request, 'videos');
    return displayError(404, 'invalid_params', `Unknown path ${path}`);
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
    addVideo(openId: string, video: FakeTikTokVideo): void {
      state.videos.set(openId, [...(state.videos.get(openId) ?? []), video]);
    },
    /** Makes the next `count` calls to an endpoint fail with `fault`. */
    failNext(endpoint: Endpoint, fault: Fault, count = 1): void {
      state.faults.set(endpoint, [...(state.faults.get(endpoint) ?? []), ...Array(count).fill(fault)]);
    },
  };
}

export type FakeTikTok = Awaited<ReturnType<typeof startFakeTikTok>>;
