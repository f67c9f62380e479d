/**
 * What the TikTok provider (tiktok-provider.ts) needs from TikTok. Two separate TikTok products, two separate apps
 * and token kinds (a token of one is refused by the other):
 * - the TikTok API for Business (tiktok-business-api.ts): the connect flow for comment
 *   features — account holder authorization, the Accounts API's profile, videos, comments and replies;
 * - TikTok Login Kit with the Display API (tiktok-api.ts): identity and the video list
 *   only, used when no TikTok for Business app is configured.
 */
export interface TikTokTokenSet {
  openId: string;
  /** Comma-separated scopes the user granted (they may approve only some of those asked for). */
  scope: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface TikTokUser {
  openId: string;
  displayName: string;
  avatarUrl: string | null;
  username: string | null;
}

export interface TikTokVideo {
  id: string;
  title: string;
  /** Unix seconds. */
  createTime: number;
  shareUrl: string | null;
  /** Engagement counts; null when the granted scopes do not cover them. */
  viewCount: number | null;
  likeCount: number | null;
  commentCount: number | null;
  shareCount: number | null;
}

export interface TikTokComment {
  commentId: string;
  videoId: string;
  /** The commenter: the Business API's `unique_identifier` (stable across its APIs), else its `user_id`. */
  authorId: string;
  username: string | null;
  displayName: string | null;
  text: string;
  /** Unix seconds. */
  createTime: number;
  parentCommentId: string | null;
  /** The Business API's `owner`: written by the account that published the video (our own replies). */
  ownedByAccount: boolean;
  hidden: boolean;
}

export type TikTokErrorKind = 'auth' | 'rate_limited' | 'invalid_request' | 'permission' | 'unavailable';

/** Any TikTok failure, classified so the provider need not know TikTok's codes. */
export class TikTokApiError extends Error {
  override name = 'TikTokApiError';
  constructor(
    readonly kind: TikTokErrorKind,
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface TikTokVideoPage {
  videos: TikTokVideo[];
  cursor: number | null;
  hasMore: boolean;
}

/** The TikTok API for Business: `business_id` is the `open_id` its token endpoint returned. */
export interface TikTokBusinessPort {
  exchangeCode(authCode: string, redirectUri: string): Promise<TikTokTokenSet>;
  refresh(refreshToken: string): Promise<TikTokTokenSet>;
  /** The account's profile, asking only for the fields the granted scopes cover. */
  profile(accessToken: string, businessId: string, grantedScopes: string[]): Promise<TikTokUser>;
  listVideos(
    accessToken: string,
    businessId: string,
    cursor: number | null,
    maxCount: number,
    grantedScopes: string[],
  ): Promise<TikTokVideoPage>;
  /** Newest first. */
  listComments(
    accessToken: string,
    businessId: string,
    videoId: string,
    cursor: number,
    maxCount: number,
  ): Promise<{ comments: TikTokComment[]; cursor: number | null }>;
  replyToComment(
    accessToken: string,
    input: { businessId: string; videoId: string; commentId: string; text: string },
  ): Promise<{ commentId: string }>;
}

/** TikTok Login Kit v2 and the Display API v2. */
export interface TikTokLoginKitPort {
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TikTokTokenSet>;
  refresh(refreshToken: string): Promise<TikTokTokenSet>;
  /** `GET /v2/user/info/`, asking only for the fields the granted scopes cover. */
  userInfo(accessToken: string, grantedScopes: string[]): Promise<TikTokUser>;
  listVideos(accessToken: string, cursor: number | null, maxCount: number): Promise<TikTokVideoPage>;
}

export const scopesOf = (scope: string): string[] =>
  scope
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
