import { youtube_v3 } from 'googleapis/build/src/apis/youtube';
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

/**
 * The YouTube Data API v3 through googleapis — only the youtube API module is imported, so bundles stay small —
 * and Google OAuth (GoogleOAuthClient, scope youtube.force-ssl). The access token is passed per call, so one API
 * client serves every account and nothing refreshes behind our back (refresh tokens are sealed by the service).
 */
export class GoogleYouTubeApi implements YouTubeApiPort {
  private readonly youtube: youtube_v3.Youtube;

  /** `youtubeUrl`: the googleapis rootUrl, e.g. https://www.googleapis.com. */
  constructor(
    private readonly oauth: GoogleOAuthPort,
    youtubeUrl: string,
  ) {
    // Retries off: the service decides (a 403 quotaExceeded must not be retried, a 429 is reported upward).
    this.youtube = new youtube_v3.Youtube({ rootUrl: youtubeUrl, retry: false, timeout: 10_000 });
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

  async myChannel(accessToken: string): Promise<YouTubeChannel> {
    const { data } = await guard(() =>
      this.youtube.channels.list({ part: ['snippet'], mine: true }, bearer(accessToken)),
    );
    const channel = data.items?.[0];
    if (!channel?.id)
      throw new YouTubeApiError('forbidden', 'noChannel', 'This Google account has no YouTube channel.', 403);
    return { id: channel.id, title: channel.snippet?.title ?? channel.id };
  }

  async commentThreads(
    accessToken: string,
    request: { channelId?: string; videoId?: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeThread>> {
    const { data } = await guard(() =>
      this.youtube.commentThreads.list(
        {
          part: ['snippet', 'replies'],
          ...(request.videoId
            ? { videoId: request.videoId }
            : { allThreadsRelatedToChannelId: request.channelId }),
          maxResults: request.maxResults,
          order: 'time',
          textFormat: 'plainText',
          ...(request.pageToken ? { pageToken: request.pageToken } : {}),
        },
        bearer(accessToken),
      ),
    );
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
    const { data } = await guard(() =>
      this.youtube.comments.list(
        {
          part: ['snippet'],
          parentId: request.parentId,
          maxResults: request.maxResults,
          textFormat: 'plainText',
          ...(request.pageToken ? { pageToken: request.pageToken } : {}),
        },
        bearer(accessToken),
      ),
    );
    return {
      items: (data.items ?? []).map((reply) => comment(reply, null)),
      nextPageToken: data.nextPageToken ?? null,
    };
  }

  async activities(
    accessToken: string,
    request: { channelId: string; pageToken?: string; maxResults: number },
  ): Promise<Page<YouTubeActivity>> {
    const { data } = await guard(() =>
      this.youtube.activities.list(
        {
          part: ['snippet', 'contentDetails'],
          channelId: request.channelId,
          maxResults: request.maxResults,
          ...(request.pageToken ? { pageToken: request.pageToken } : {}),
        },
        bearer(accessToken),
      ),
    );
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

  async reply(accessToken: string, parentId: string, text: string): Promise<YouTubeComment> {
    const { data } = await guard(() =>
      this.youtube.comments.insert(
        { part: ['snippet'], requestBody: { snippet: { parentId, textOriginal: text } } },
        bearer(accessToken),
      ),
    );
    return comment(data, null);
  }
}

const bearer = (accessToken: string) => ({ headers: { authorization: `Bearer ${accessToken}` } });

function comment(
  resource: youtube_v3.Schema$Comment | undefined,
  videoId: string | null | undefined,
): YouTubeComment {
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

interface GaxiosLikeError {
  status?: number;
  response?: { status?: number; data?: unknown };
}

/** The API's error `{ error: { code, message, errors: [{ domain, reason }] } }` → one classified error. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof YouTubeApiError) throw error;
    const { response } = error as GaxiosLikeError;
    if (!response) throw new YouTubeApiError('unavailable', 'network', 'Google could not be reached.', 0);
    const status = response.status ?? 0;
    const data = (response.data ?? {}) as {
      error?: { message?: string; errors?: Array<{ reason?: string; message?: string }> };
    };
    const reason = data.error?.errors?.[0]?.reason ?? `http_${status}`;
    const message = data.error?.message ?? `Google answered ${status}.`;
    throw new YouTubeApiError(kindOf(status, reason), reason, message, status);
  }
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
