/**
 * TikTok over raw fetch (there is no official Node SDK): Login Kit v2 tokens and the Display API v2 on
 * open.tiktokapis.com (Bearer token, envelope `{ data, error: { code, message, log_id } }`), and comments on the
 * TikTok API for Business (business-api host, `Access-Token` header, envelope `{ code, message, data,
 * request_id }` where a non-zero code is an error even with HTTP 200). Base URLs come from config.
 */
import {
  TikTokApiError,
  type TikTokApiPort,
  type TikTokComment,
  type TikTokErrorKind,
  type TikTokTokenSet,
  type TikTokUser,
  type TikTokVideo,
} from '../../services/tiktok/ports';

export interface TikTokEndpoints {
  apiUrl: string;
  businessApiUrl: string;
  clientKey: string;
  clientSecret: string;
}

const VIDEO_FIELDS =
  'id,title,create_time,cover_image_url,share_url,view_count,like_count,comment_count,share_count';
const BUSINESS_PREFIX = '/open_api/v1.3';

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

/** Business API codes seen in client code: 40100 throttled, 40104/40105 token missing/invalid, 4000x params. */
function businessKind(code: number): TikTokErrorKind {
  if (code === 40100 || code === 40016) return 'rate_limited';
  if (code === 40104 || code === 40105 || code === 40102) return 'auth';
  if (code === 40001 || code === 40007) return 'permission';
  if (code >= 40000 && code < 50000) return 'invalid_request';
  return 'unavailable';
}

export class TikTokApi implements TikTokApiPort {
  constructor(
    private readonly endpoints: TikTokEndpoints,
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

  async userInfo(accessToken: string): Promise<TikTokUser> {
    const data = await this.display<{ user: Record<string, string | undefined> }>(
      'GET',
      '/v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username',
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

  async listVideos(
    accessToken: string,
    cursor: number | null,
    maxCount: number,
  ): Promise<{ videos: TikTokVideo[]; cursor: number | null; hasMore: boolean }> {
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
        createTime: Number(v.create_time ?? 0),
        shareUrl: typeof v.share_url === 'string' ? v.share_url : null,
        viewCount: Number(v.view_count ?? 0),
        likeCount: Number(v.like_count ?? 0),
        commentCount: Number(v.comment_count ?? 0),
        shareCount: Number(v.share_count ?? 0),
      })),
      cursor: data.has_more && data.cursor ? data.cursor : null,
      hasMore: Boolean(data.has_more),
    };
  }

  async listComments(
    accessToken: string,
    businessId: string,
    videoId: string,
    cursor: number,
    maxCount: number,
  ): Promise<{ comments: TikTokComment[]; cursor: number | null }> {
    const query = new URLSearchParams({
      business_id: businessId,
      video_id: videoId,
      cursor: String(cursor),
      max_count: String(Math.min(30, Math.max(1, maxCount))),
    });
    const data = await this.business<{
      comments?: Array<Record<string, unknown>>;
      cursor?: number;
      has_more?: boolean;
    }>('GET', `/business/comment/list/?${query}`, accessToken);
    return {
      comments: (data.comments ?? []).map((c) => ({
        commentId: String(c.comment_id),
        videoId: String(c.video_id ?? videoId),
        userId: String(c.user_id ?? 'unknown'),
        username: typeof c.username === 'string' ? c.username : null,
        displayName: typeof c.display_name === 'string' ? c.display_name : null,
        text: String(c.text ?? ''),
        createTime: Number(c.create_time ?? 0),
        parentCommentId: typeof c.parent_comment_id === 'string' ? c.parent_comment_id : null,
      })),
      cursor: data.has_more ? Number(data.cursor ?? 0) : null,
    };
  }

  async replyToComment(
    accessToken: string,
    input: { businessId: string; videoId: string; commentId: string; text: string },
  ): Promise<{ commentId: string }> {
    const data = await this.business<{ comment_id?: string }>(
      'POST',
      '/business/comment/reply/create/',
      accessToken,
      {
        business_id: input.businessId,
        video_id: input.videoId,
        comment_id: input.commentId,
        text: input.text,
      },
    );
    return { commentId: String(data.comment_id ?? '') };
  }

  private async token(params: Record<string, string>): Promise<TikTokTokenSet> {
    const response = await this.call(`${this.endpoints.apiUrl}/v2/oauth/token/`, {
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
    const response = await this.call(`${this.endpoints.apiUrl}${path}`, {
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

  private async business<T>(
    method: 'GET' | 'POST',
    path: string,
    accessToken: string,
    json?: unknown,
  ): Promise<T> {
    const response = await this.call(`${this.endpoints.businessApiUrl}${BUSINESS_PREFIX}${path}`, {
      method,
      headers: {
        'access-token': accessToken,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const body = (await readJson(response)) as { code?: number; message?: string; data?: T };
    if (!response.ok && body.code === undefined)
      throw new TikTokApiError(
        classifyStatus(response.status),
        `http_${response.status}`,
        `TikTok answered ${response.status}.`,
        response.status,
        retryAfter(response),
      );
    if (body.code !== 0) {
      const code = Number(body.code ?? -1);
      throw new TikTokApiError(
        businessKind(code),
        String(code),
        body.message || 'TikTok refused the request.',
        response.status,
        retryAfter(response),
      );
    }
    return (body.data ?? {}) as T;
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new TikTokApiError('unavailable', 'network', 'TikTok could not be reached.', 0);
    }
  }
}

function classifyStatus(status: number): TikTokErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'unavailable';
}

function retryAfter(response: Response): number | undefined {
  const value = Number(response.headers.get('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}
