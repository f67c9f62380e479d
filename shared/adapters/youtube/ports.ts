import type { GoogleTokenSet } from '../../services/google/ports';

/** What the YouTube provider needs from Google; youtube-api.ts implements it over the REST endpoints with fetch. */

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
  /** comments.list?parentId=: the replies to one top-level comment, page by page. */
  replies(
    accessToken: string,
    request: { parentId: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeComment>>;
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
