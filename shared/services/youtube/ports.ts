import type { GoogleTokenSet } from '../google/ports';

/** What the YouTube service needs from Google; shared/adapters/youtube/* implement it with googleapis. */

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

/**
 * Which workspaces poll YouTube, and with how many channels: the fair shares split the project's budget among
 * them. Taken from the connected accounts by the collector, stored so a reply route reads it without a scan.
 */
export interface YouTubeCensus {
  takenAt: string;
  /** Workspace id → its active YouTube channels. */
  channels: Record<string, number>;
}

/**
 * The YouTube units of the Google Cloud project per Pacific day, and each workspace's share of them: conditional
 * DynamoDB counters, so concurrent callers never push a total past its limit. `expiresAt`: epoch seconds (TTL).
 */
export interface YouTubeUnitLedger {
  /** Adds `units` to the project's day if its total stays within `limit`; false (nothing added) otherwise. */
  consumeProject(day: string, units: number, limit: number, expiresAt: number): Promise<boolean>;
  releaseProject(day: string, units: number): Promise<void>;
  consumeWorkspace(
    workspaceId: string,
    day: string,
    units: number,
    limit: number,
    expiresAt: number,
  ): Promise<boolean>;
  releaseWorkspace(workspaceId: string, day: string, units: number): Promise<void>;
  /** Google said quotaExceeded: the project's day is full for everyone until the reset. */
  pauseProject(day: string, limit: number, at: string, expiresAt: number): Promise<void>;
  project(day: string): Promise<{ units: number; pausedAt: string | null }>;
  workspaceUsed(workspaceId: string, day: string): Promise<number>;
  census(): Promise<YouTubeCensus | null>;
  saveCensus(census: YouTubeCensus): Promise<void>;
}
