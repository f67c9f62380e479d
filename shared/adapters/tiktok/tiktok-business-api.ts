/**
 * The TikTok API for Business over raw fetch (its official SDKs cover the Marketing API, not the Accounts API):
 * the TikTok account holder's tokens (`/tt_user/oauth2/*`) and the Accounts API's profile, videos, comments and
 * replies, all under `/open_api/v1.3` on business-api.tiktok.com. JSON in and out, the token in an
 * `Access-Token` header, every answer in the envelope `{ code, message, request_id, data }` where a non-zero
 * `code` is an error even with HTTP 200. `business_id` is the `open_id` the token endpoint returned.
 * Sources: https://business-api.tiktok.com/portal/docs/accounts-api-authorization/v1.3 (authorization);
 * https://business-api.tiktok.com/portal/docs?id=1738084387220481 (tokens); the Accounts API reference
 * (https://business-api.tiktok.com/portal/docs?id=1737565048641538), read through the SDKs that mirror it
 * (github.com/sns-sdks/python-tiktok pytiktok/business_account_api.py, github.com/bububa/tiktok-business
 * model/business/comment/list.go). Base URL from config.
 */

import { call, classifyStatus, count, readJson, retryAfter, text } from './http';
import {
  TikTokApiError,
  type TikTokBusinessPort,
  type TikTokComment,
  type TikTokErrorKind,
  type TikTokTokenSet,
  type TikTokUser,
  type TikTokVideoPage,
} from './ports';

export interface TikTokBusinessEndpoints {
  apiUrl: string;
  /** The developer app's App ID and Secret (My Apps > App Detail > Basic Information). */
  appId: string;
  secret: string;
}

const PREFIX = '/open_api/v1.3';

/** Profile fields of `/business/get/`, each needing `user.info.basic`. */
const PROFILE_FIELDS = ['display_name', 'username', 'profile_image'];
/** `/business/video/list/` fields: `item_id` must be among them when several are asked for. */
const VIDEO_FIELDS = ['item_id', 'create_time', 'caption', 'share_url'];
/**
 * Engagement counts. The video list marks a required permission per field; Flow IA asks for the counts only
 * when the account granted `video.insights` (the insight scope of the token's scope list), so a token without it
 * is never refused for them.
 */
const VIDEO_COUNT_FIELDS = ['video_views', 'likes', 'comments', 'shares'];

/**
 * Business API return codes (https://business-api.tiktok.com/portal/docs?id=1737172488964097, listed with their
 * meaning by https://help.sleekflow.io/en_US/tiktok-business-messaging/troubleshooting-your-tiktok-business-messaging-channels):
 * 40001 no permission, 40002 bad parameters, 40007 object not found, 40100 rate limited, 40105 access token
 * missing or incorrect. 40102/40104 (token expired / missing) are seen in client code only.
 */
function businessKind(code: number): TikTokErrorKind {
  if (code === 40100) return 'rate_limited';
  if (code === 40105 || code === 40102 || code === 40104) return 'auth';
  if (code === 40001) return 'permission';
  if (code >= 40000 && code < 50000) return 'invalid_request';
  return 'unavailable';
}

export class TikTokBusinessApi implements TikTokBusinessPort {
  constructor(
    private readonly endpoints: TikTokBusinessEndpoints,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  exchangeCode(authCode: string, redirectUri: string): Promise<TikTokTokenSet> {
    return this.token('/tt_user/oauth2/token/', {
      grant_type: 'authorization_code',
      auth_code: authCode,
      redirect_uri: redirectUri,
    });
  }

  refresh(refreshToken: string): Promise<TikTokTokenSet> {
    return this.token('/tt_user/oauth2/refresh_token/', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
  }

  async profile(accessToken: string, businessId: string, grantedScopes: string[]): Promise<TikTokUser> {
    const fields = grantedScopes.includes('user.info.basic') ? PROFILE_FIELDS : [];
    const data =
      fields.length === 0
        ? {}
        : await this.request<Record<string, unknown>>(
            'GET',
            `/business/get/?${new URLSearchParams({ business_id: businessId, fields: JSON.stringify(fields) })}`,
            accessToken,
          );
    const username = text(data.username);
    return {
      openId: businessId,
      displayName: text(data.display_name) || username || businessId,
      avatarUrl: text(data.profile_image),
      username,
    };
  }

  async listVideos(
    accessToken: string,
    businessId: string,
    cursor: number | null,
    maxCount: number,
    grantedScopes: string[],
  ): Promise<TikTokVideoPage> {
    const fields = [...VIDEO_FIELDS, ...(grantedScopes.includes('video.insights') ? VIDEO_COUNT_FIELDS : [])];
    const query = new URLSearchParams({
      business_id: businessId,
      fields: JSON.stringify(fields),
      max_count: String(Math.min(20, Math.max(1, maxCount))),
      ...(cursor ? { cursor: String(cursor) } : {}),
    });
    const data = await this.request<{
      videos?: Array<Record<string, unknown>>;
      cursor?: number;
      has_more?: boolean;
    }>('GET', `/business/video/list/?${query}`, accessToken);
    return {
      videos: (data.videos ?? []).map((v) => ({
        id: text(v.item_id) ?? '',
        title: text(v.caption) ?? '',
        createTime: count(v.create_time) ?? 0,
        shareUrl: text(v.share_url),
        viewCount: count(v.video_views),
        likeCount: count(v.likes),
        commentCount: count(v.comments),
        shareCount: count(v.shares),
      })),
      cursor: data.has_more ? (count(data.cursor) ?? null) : null,
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
      // Without a sort the order is TikTok's "smart" ranking; newest first lets the collector stop early.
      sort_field: 'create_time',
      sort_order: 'desc',
      cursor: String(cursor),
      max_count: String(Math.min(30, Math.max(1, maxCount))),
    });
    const data = await this.request<{
      comments?: Array<Record<string, unknown>>;
      cursor?: number;
      has_more?: boolean;
    }>('GET', `/business/comment/list/?${query}`, accessToken);
    return {
      comments: (data.comments ?? []).map((c) => parseComment(c, videoId)),
      cursor: data.has_more ? (count(data.cursor) ?? 0) : null,
    };
  }

  async replyToComment(
    accessToken: string,
    input: { businessId: string; videoId: string; commentId: string; text: string },
  ): Promise<{ commentId: string }> {
    const data = await this.request<Record<string, unknown>>(
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
    return { commentId: text(data.comment_id) ?? '' };
  }

  private async token(path: string, params: Record<string, string>): Promise<TikTokTokenSet> {
    const response = await call(this.fetchFn, `${this.endpoints.apiUrl}${PREFIX}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: this.endpoints.appId,
        client_secret: this.endpoints.secret,
        ...params,
      }),
    });
    const body = (await readJson(response)) as {
      code?: number;
      message?: string;
      data?: Record<string, unknown>;
    };
    if (body.code !== 0 || typeof body.data?.access_token !== 'string') {
      const code = body.code === undefined ? undefined : Number(body.code);
      // A refused code or refresh token is a dead grant: only the account holder can authorize again.
      const kind: TikTokErrorKind =
        code === undefined
          ? classifyStatus(response.status)
          : code === 40100
            ? 'rate_limited'
            : code >= 50000
              ? 'unavailable'
              : 'auth';
      throw new TikTokApiError(
        kind,
        String(code ?? `http_${response.status}`),
        body.message || 'TikTok refused the authorization.',
        response.status,
        retryAfter(response),
      );
    }
    const data = body.data;
    return {
      openId: text(data.open_id) ?? '',
      scope: text(data.scope) ?? '',
      accessToken: String(data.access_token),
      expiresIn: count(data.expires_in) ?? 0,
      refreshToken: text(data.refresh_token) ?? '',
      refreshExpiresIn: count(data.refresh_token_expires_in) ?? 0,
    };
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    accessToken: string,
    json?: unknown,
  ): Promise<T> {
    const response = await call(this.fetchFn, `${this.endpoints.apiUrl}${PREFIX}${path}`, {
      method,
      headers: {
        'access-token': accessToken,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const body = (await readJson(response)) as { code?: number; message?: string; data?: T };
    if (body.code === undefined)
      throw new TikTokApiError(
        response.ok ? 'unavailable' : classifyStatus(response.status),
        `http_${response.status}`,
        `TikTok answered ${response.status}.`,
        response.status,
        retryAfter(response),
      );
    if (body.code !== 0) {
      const code = Number(body.code);
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
}

/** One comment of `/business/comment/list/` (fields: github.com/bububa/tiktok-business model/business/comment/list.go). */
export function parseComment(c: Record<string, unknown>, videoId: string): TikTokComment {
  return {
    commentId: text(c.comment_id) ?? '',
    videoId: text(c.video_id) ?? videoId,
    // `user_id` is "to be deprecated"; `unique_identifier` identifies the commenter across the APIs.
    authorId: text(c.unique_identifier) ?? text(c.user_id) ?? 'unknown',
    username: text(c.username),
    displayName: text(c.display_name),
    text: text(c.text) ?? '',
    createTime: count(c.create_time) ?? 0,
    parentCommentId: text(c.parent_comment_id),
    ownedByAccount: c.owner === true,
    hidden: c.status === 'HIDDEN',
  };
}
