import { GoogleOAuthError, type GoogleOAuthPort, type GoogleTokenSet } from '../../services/google/ports';
import {
  type Page,
  type YouTubeActivity,
  YouTubeApiError,
  type YouTubeApiPort,
  type YouTubeChannel,
  type YouTubeComment,
  type YouTubeErrorKind,
  type YouTubeThread,
} from './ports';

/** Comment writes need youtube.force-ssl; it also covers reads. */
export const YOUTUBE_SCOPES = ['https://www.googleapis.com/auth/youtube.force-ssl'];

export interface GoogleYouTubeApiOptions {
  /** Per request (default 10 s). */
  timeoutMs?: number;
  fetchFn?: typeof fetch;
}

/**
 * The YouTube Data API v3 over its REST endpoints with fetch (https://developers.google.com/youtube/v3/docs),
 * without googleapis (its youtube module, googleapis-common, google-auth-library, gcp-metadata and gaxios were
 * ~480 KB of each YouTube bundle), and Google OAuth (GoogleOAuthClient, scope youtube.force-ssl). Every call is
 * `GET|POST {rootUrl}/youtube/v3/{resource}` with `Authorization: Bearer <access token>` (passed per call, so one
 * client serves every account and nothing refreshes behind our back: refresh tokens are sealed by the service).
 * `part` is "a comma-separated list of one or more … resource properties" (each method's reference). No retries:
 * the service decides (a 403 quotaExceeded must not be retried, a 429 is reported upward).
 */
export class GoogleYouTubeApi implements YouTubeApiPort {
  private readonly root: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  /** `youtubeUrl`: the API's root URL, e.g. https://www.googleapis.com (paths are /youtube/v3/...). */
  constructor(
    private readonly oauth: GoogleOAuthPort,
    youtubeUrl: string,
    options: GoogleYouTubeApiOptions = {},
  ) {
    this.root = youtubeUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchFn = options.fetchFn ?? ((input, init) => fetch(input, init));
  }

  authorizationUrl(request: { state: string; redirectUri: string; codeChallenge: string }) {
    return this.oauth.authorizationUrl({ ...request, scopes: YOUTUBE_SCOPES });
  }

  exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet> {
    return oauthCall(() => this.oauth.exchangeCode(code, redirectUri, codeVerifier));
  }

  refresh(refreshToken: string): Promise<GoogleTokenSet> {
    return oauthCall(() => this.oauth.refresh(refreshToken));
  }

  /** channels.list?mine=true (https://developers.google.com/youtube/v3/docs/channels/list): 1 unit. */
  async myChannel(accessToken: string): Promise<YouTubeChannel> {
    const data = await this.call<ListResponse<ChannelResource>>(accessToken, 'GET', 'channels', {
      part: 'snippet',
      mine: 'true',
    });
    const channel = data.items?.[0];
    if (!channel?.id)
      throw new YouTubeApiError('forbidden', 'noChannel', 'This Google account has no YouTube channel.', 403);
    return { id: channel.id, title: channel.snippet?.title ?? channel.id };
  }

  /** commentThreads.list (https://developers.google.com/youtube/v3/docs/commentThreads/list): 1 unit a page. */
  async commentThreads(
    accessToken: string,
    request: { channelId?: string; videoId?: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeThread>> {
    const data = await this.call<ListResponse<ThreadResource>>(accessToken, 'GET', 'commentThreads', {
      part: 'snippet,replies',
      ...(request.videoId
        ? { videoId: request.videoId }
        : { allThreadsRelatedToChannelId: request.channelId }),
      maxResults: String(request.maxResults),
      order: 'time',
      textFormat: 'plainText',
      pageToken: request.pageToken,
    });
    return {
      items: (data.items ?? []).map((thread) => ({
        id: thread.id ?? '',
        videoId: thread.snippet?.videoId ?? null,
        canReply: thread.snippet?.canReply ?? false,
        totalReplyCount: thread.snippet?.totalReplyCount ?? 0,
        topLevelComment: comment(thread.snippet?.topLevelComment, thread.snippet?.videoId),
        replies: (thread.replies?.comments ?? []).map((reply) => comment(reply, thread.snippet?.videoId)),
      })),
      nextPageToken: data.nextPageToken ?? null,
    };
  }

  /** comments.list?parentId= (https://developers.google.com/youtube/v3/docs/comments/list): 1 unit a page. */
  async replies(
    accessToken: string,
    request: { parentId: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeComment>> {
    const data = await this.call<ListResponse<CommentResource>>(accessToken, 'GET', 'comments', {
      part: 'snippet',
      parentId: request.parentId,
      maxResults: String(request.maxResults),
      textFormat: 'plainText',
      pageToken: request.pageToken,
    });
    return {
      items: (data.items ?? []).map((reply) => comment(reply, null)),
      nextPageToken: data.nextPageToken ?? null,
    };
  }

  /** activities.list (https://developers.google.com/youtube/v3/docs/activities/list): 1 unit a page. */
  async activities(
    accessToken: string,
    request: { channelId: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeActivity>> {
    const data = await this.call<ListResponse<ActivityResource>>(accessToken, 'GET', 'activities', {
      part: 'snippet,contentDetails',
      channelId: request.channelId,
      maxResults: String(request.maxResults),
      pageToken: request.pageToken,
    });
    return {
      items: (data.items ?? []).map((activity) => ({
        id: activity.id ?? '',
        type: activity.snippet?.type ?? 'unknown',
        title: activity.snippet?.title ?? '',
        publishedAt: activity.snippet?.publishedAt ?? new Date(0).toISOString(),
        videoId:
          activity.contentDetails?.upload?.videoId ??
          activity.contentDetails?.like?.resourceId?.videoId ??
          activity.contentDetails?.comment?.resourceId?.videoId ??
          null,
      })),
      nextPageToken: data.nextPageToken ?? null,
    };
  }

  /**
   * comments.insert?part=snippet with `{ snippet: { parentId, textOriginal } }`, a reply to a top-level comment
   * (https://developers.google.com/youtube/v3/docs/comments/insert): 50 units; the answer is the comment resource.
   */
  async reply(accessToken: string, parentId: string, text: string): Promise<YouTubeComment> {
    const data = await this.call<CommentResource>(
      accessToken,
      'POST',
      'comments',
      { part: 'snippet' },
      { snippet: { parentId, textOriginal: text } },
    );
    return comment(data, null);
  }

  private async call<T>(
    accessToken: string,
    method: 'GET' | 'POST',
    resource: string,
    query: Record<string, string | undefined>,
    body?: unknown,
  ): Promise<T> {
    const url = new URL(`${this.root}/youtube/v3/${resource}`);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== '') url.searchParams.set(name, value);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw (error as { name?: unknown } | null)?.name === 'TimeoutError'
        ? new YouTubeApiError('unavailable', 'timeout', 'Google did not answer in time.', 0)
        : new YouTubeApiError('unavailable', 'network', 'Google could not be reached.', 0);
    }
    const data = parse(text);
    if (!response.ok) throw refusal(response.status, data);
    if (!data || typeof data !== 'object')
      throw new YouTubeApiError(
        'unavailable',
        'invalid_response',
        `Google answered ${response.status} without JSON.`,
        response.status,
      );
    return data as T;
  }
}

/** The resource fields read here (https://developers.google.com/youtube/v3/docs: each resource's representation). */
interface ListResponse<T> {
  items?: T[];
  nextPageToken?: string;
}
interface ChannelResource {
  id?: string;
  snippet?: { title?: string };
}
interface CommentResource {
  id?: string;
  snippet?: {
    videoId?: string;
    parentId?: string;
    authorChannelId?: { value?: string };
    authorDisplayName?: string;
    textOriginal?: string;
    textDisplay?: string;
    publishedAt?: string;
  };
}
interface ThreadResource {
  id?: string;
  snippet?: {
    videoId?: string;
    canReply?: boolean;
    totalReplyCount?: number;
    topLevelComment?: CommentResource;
  };
  replies?: { comments?: CommentResource[] };
}
interface ActivityResource {
  id?: string;
  snippet?: { type?: string; title?: string; publishedAt?: string };
  contentDetails?: {
    upload?: { videoId?: string };
    like?: { resourceId?: { videoId?: string } };
    comment?: { resourceId?: { videoId?: string } };
  };
}

function comment(resource: CommentResource | undefined, videoId: string | null | undefined): YouTubeComment {
  const snippet = resource?.snippet;
  return {
    id: resource?.id ?? '',
    videoId: snippet?.videoId ?? videoId ?? null,
    parentId: snippet?.parentId ?? null,
    authorChannelId: snippet?.authorChannelId?.value ?? 'unknown',
    authorName: snippet?.authorDisplayName ?? null,
    text: snippet?.textOriginal ?? snippet?.textDisplay ?? '',
    publishedAt: snippet?.publishedAt ?? new Date(0).toISOString(),
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** OAuth failures in the YouTube provider's terms: a dead grant is `auth` (the account must reconnect). */
async function oauthCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof GoogleOAuthError)) throw error;
    const kind: YouTubeErrorKind =
      error.kind === 'revoked' ? 'auth' : error.kind === 'unavailable' ? 'unavailable' : 'invalid_request';
    throw new YouTubeApiError(kind, error.code, error.message, error.status);
  }
}

/**
 * The API's error `{ error: { code, message, errors: [{ domain, reason, message }] } }`
 * (https://developers.google.com/youtube/v3/docs/errors) → one classified error.
 */
function refusal(status: number, body: unknown): YouTubeApiError {
  const error = (body as { error?: { message?: unknown; errors?: Array<{ reason?: unknown }> } } | undefined)
    ?.error;
  const first = Array.isArray(error?.errors) ? error.errors[0]?.reason : undefined;
  const reason = typeof first === 'string' ? first : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `Google answered ${status}.`;
  return new YouTubeApiError(kindOf(status, reason), reason, message, status);
}

function kindOf(status: number, reason: string): YouTubeErrorKind {
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') return 'quota';
  if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || status === 429)
    return 'rate_limited';
  if (reason === 'commentsDisabled') return 'comments_disabled';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'unavailable';
}
