/** What the YouTube service needs from Google; shared/adapters/youtube/* implement it with googleapis. */
export interface GoogleTokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** ISO time the access token expires. */
  expiresAt: string | null;
  scope: string;
}

export interface YouTubeChannel {
  id: string;
  title: string;
}

export interface YouTubeComment {
  id: string;
  videoId: string | null;
  parentId: string | null;
  authorChannelId: string;
  authorName: string | null;
  text: string;
  publishedAt: string;
}

export interface YouTubeThread {
  id: string;
  videoId: string | null;
  canReply: boolean;
  totalReplyCount: number;
  topLevelComment: YouTubeComment;
  replies: YouTubeComment[];
}

export interface YouTubeActivity {
  id: string;
  type: string;
  title: string;
  publishedAt: string;
  videoId: string | null;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}

export interface YouTubeApiPort {
  authorizationUrl(request: { state: string; redirectUri: string; codeChallenge: string }): string;
  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet>;
  refresh(refreshToken: string): Promise<GoogleTokenSet>;
  myChannel(accessToken: string): Promise<YouTubeChannel>;
  commentThreads(
    accessToken: string,
    request: { channelId?: string; videoId?: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeThread>>;
  activities(
    accessToken: string,
    request: { channelId: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeActivity>>;
  reply(accessToken: string, parentId: string, text: string): Promise<YouTubeComment>;
}

export type YouTubeErrorKind =
  | 'auth'
  | 'quota'
  | 'rate_limited'
  | 'comments_disabled'
  | 'invalid_request'
  | 'forbidden'
  | 'unavailable';

export class YouTubeApiError extends Error {
  override name = 'YouTubeApiError';
  constructor(
    readonly kind: YouTubeErrorKind,
    readonly reason: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Units counted per workspace and quota day (DynamoDB conditional counter). */
export interface QuotaUnitLedger {
  /** Adds `units` if the day's total stays within `limit`; false (and nothing added) otherwise. */
  tryConsume(workspaceId: string, day: string, units: number, limit: number): Promise<boolean>;
  /** Marks the day as spent (the API itself said quotaExceeded). */
  exhaust(workspaceId: string, day: string, limit: number): Promise<void>;
  used(workspaceId: string, day: string): Promise<number>;
}
