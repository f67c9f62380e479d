/** What the TikTok service needs from TikTok; shared/adapters/tiktok/tiktok-api.ts implements it over HTTP. */
export interface TikTokTokenSet {
  openId: string;
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
  createTime: number;
  shareUrl: string | null;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  shareCount: number;
}

export interface TikTokComment {
  commentId: string;
  videoId: string;
  userId: string;
  username: string | null;
  displayName: string | null;
  text: string;
  createTime: number;
  parentCommentId: string | null;
}

export type TikTokErrorKind = 'auth' | 'rate_limited' | 'invalid_request' | 'permission' | 'unavailable';

/** Any TikTok failure, classified so services need not know TikTok's codes. */
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

export interface TikTokApiPort {
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<TikTokTokenSet>;
  refresh(refreshToken: string): Promise<TikTokTokenSet>;
  userInfo(accessToken: string): Promise<TikTokUser>;
  listVideos(
    accessToken: string,
    cursor: number | null,
    maxCount: number,
  ): Promise<{ videos: TikTokVideo[]; cursor: number | null; hasMore: boolean }>;
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
