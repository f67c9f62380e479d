/**
 * TikTok Login Kit v2 and the Display API v2 over raw fetch (there is no official Node SDK): tokens and
 * `/v2/user/info/`, `/v2/video/list/` on open.tiktokapis.com (Bearer token, envelope
 * `{ data, error: { code, message, log_id } }`). Identity and videos only: comments are not in these APIs (they
 * are in the TikTok API for Business, tiktok-business-api.ts, whose tokens are another app's). Base URL from
 * config.
 */

import { call, classifyStatus, count, readJson, retryAfter } from './http';
import {
  TikTokApiError,
  type TikTokErrorKind,
  type TikTokLoginKitPort,
  type TikTokTokenSet,
  type TikTokUser,
  type TikTokVideoPage,
} from './ports';

export interface TikTokLoginKitEndpoints {
  apiUrl: string;
  clientKey: string;
  clientSecret: string;
}

const VIDEO_FIELDS =
  'id,title,create_time,cover_image_url,share_url,view_count,like_count,comment_count,share_count';

/**
 * The `/v2/user/info/` fields Flow IA reads, by the scope that grants them: `user.info.basic` only covers
 * open_id, union_id, the avatars and display_name, and `username` needs `user.info.profile`; a field outside the
 * granted scopes is refused (https://developers.tiktok.com/bulletin/user-info-scope-migration ;
 * https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info).
 */
const USER_FIELDS_BY_SCOPE: Record<string, string[]> = {
  'user.info.basic': ['open_id', 'union_id', 'avatar_url', 'display_name'],
  'user.info.profile': ['username'],
};

/** The user-info fields the granted scopes allow, in a stable order. */
export function userInfoFields(grantedScopes: string[]): string[] {
  return Object.entries(USER_FIELDS_BY_SCOPE).flatMap(([scope, fields]) =>
    grantedScopes.includes(scope) ? fields : [],
  );
}

/** Display API error codes → kinds (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling). */
const DISPLAY_KINDS: Record<string, TikTokErrorKind> = {
  access_token_invalid: 'auth',
  scope_not_authorized: 'permission',
  scope_permission_missed: 'permission',
  rate_limit_exceeded: 'rate_limited',
  invalid_params: 'invalid_request',
  invalid_file_upload: 'invalid_request',
  internal_error: 'unavailable',
};

export class TikTokApi implements TikTokLoginKitPort {
  constructor(
    private readonly endpoints: TikTokLoginKitEndpoints,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TikTokTokenSet> {
    return this.token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    });
  }

  refresh(refreshToken: string): Promise<TikTokTokenSet> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async userInfo(accessToken: string, grantedScopes: string[]): Promise<TikTokUser> {
    const fields = userInfoFields(grantedScopes);
    if (!fields.includes('open_id'))
      throw new TikTokApiError('permission', 'scope_not_authorized', 'user.info.basic was not granted.', 401);
    const data = await this.display<{ user: Record<string, string | undefined> }>(
      'GET',
      `/v2/user/info/?fields=${fields.join(',')}`,
      accessToken,
    );
    const user = data.user ?? {};
    if (!user.open_id) throw new TikTokApiError('unavailable', 'no_user', 'TikTok returned no user.', 502);
    return {
      openId: user.open_id,
      displayName: user.display_name || user.username || user.open_id,
      avatarUrl: user.avatar_url ?? null,
      username: user.username ?? null,
    };
  }

  async listVideos(accessToken: string, cursor: number | null, maxCount: number): Promise<TikTokVideoPage> {
    const data = await this.display<{
      videos?: Array<Record<string, unknown>>;
      cursor?: number;
      has_more?: boolean;
    }>('POST', `/v2/video/list/?fields=${VIDEO_FIELDS}`, accessToken, {
      max_count: Math.min(20, Math.max(1, maxCount)),
      ...(cursor ? { cursor } : {}),
    });
    return {
      videos: (data.videos ?? []).map((v) => ({
        id: String(v.id),
        title: String(v.title ?? ''),
        createTime: count(v.create_time) ?? 0,
        shareUrl: typeof v.share_url === 'string' ? v.share_url : null,
        viewCount: count(v.view_count),
        likeCount: count(v.like_count),
        commentCount: count(v.comment_count),
        shareCount: count(v.share_count),
      })),
      cursor: data.has_more && data.cursor ? data.cursor : null,
      hasMore: Boolean(data.has_more),
    };
  }

  private async token(params: Record<string, string>): Promise<TikTokTokenSet> {
    const response = await call(this.fetchFn, `${this.endpoints.apiUrl}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
      body: new URLSearchParams({
        client_key: this.endpoints.clientKey,
        client_secret: this.endpoints.clientSecret,
        ...params,
      }).toString(),
    });
    const body = (await readJson(response)) as Record<string, unknown>;
    // Token errors come as `{ error, error_description, log_id }`, sometimes with HTTP 200.
    if (typeof body.error === 'string' && body.error !== 'ok' && !body.access_token) {
      const kind: TikTokErrorKind =
        body.error === 'invalid_grant' || body.error === 'invalid_client' ? 'auth' : 'invalid_request';
      throw new TikTokApiError(
        response.status === 429 ? 'rate_limited' : kind,
        body.error,
        String(body.error_description ?? body.error),
        response.status,
        retryAfter(response),
      );
    }
    if (!response.ok || typeof body.access_token !== 'string')
      throw new TikTokApiError(
        'unavailable',
        `http_${response.status}`,
        'TikTok token endpoint failed.',
        response.status,
      );
    return {
      openId: String(body.open_id),
      scope: String(body.scope ?? ''),
      accessToken: body.access_token,
      expiresIn: Number(body.expires_in ?? 0),
      refreshToken: String(body.refresh_token ?? ''),
      refreshExpiresIn: Number(body.refresh_expires_in ?? 0),
    };
  }

  private async display<T>(
    method: 'GET' | 'POST',
    path: string,
    accessToken: string,
    json?: unknown,
  ): Promise<T> {
    const response = await call(this.fetchFn, `${this.endpoints.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const body = (await readJson(response)) as { data?: T; error?: { code?: string; message?: string } };
    const code = body.error?.code ?? (response.ok ? 'ok' : `http_${response.status}`);
    if (code !== 'ok' || !response.ok) {
      const kind =
        response.status === 429 ? 'rate_limited' : (DISPLAY_KINDS[code] ?? classifyStatus(response.status));
      throw new TikTokApiError(
        kind,
        code,
        body.error?.message || `TikTok answered ${response.status}.`,
        response.status,
        retryAfter(response),
      );
    }
    return (body.data ?? {}) as T;
  }
}
