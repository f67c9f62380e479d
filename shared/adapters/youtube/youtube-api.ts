import { OAuth2Client } from 'google-auth-library';
import { youtube_v3 } from 'googleapis/build/src/apis/youtube';
import {
  type GoogleTokenSet,
  type Page,
  type YouTubeActivity,
  YouTubeApiError,
  type YouTubeApiPort,
  type YouTubeChannel,
  type YouTubeComment,
  type YouTubeErrorKind,
  type YouTubeThread,
} from '../../services/youtube/ports';

export interface GoogleEndpoints {
  clientId: string;
  clientSecret: string;
  /** e.g. https://accounts.google.com (the consent page is /o/oauth2/v2/auth under it). */
  oauthUrl: string;
  /** The full token endpoint, e.g. https://oauth2.googleapis.com/token. */
  tokenUrl: string;
  /** googleapis rootUrl, e.g. https://www.googleapis.com. */
  youtubeUrl: string;
}

/** Comment writes need youtube.force-ssl; it also covers reads. */
export const YOUTUBE_SCOPES = ['https://www.googleapis.com/auth/youtube.force-ssl'];

/**
 * Google OAuth 2 with google-auth-library (offline access, consent forced so a refresh token comes back on every
 * connect) and the YouTube Data API v3 through googleapis — only the youtube API module is imported, so bundles
 * stay small. The access token is passed per call, so one API client serves every account and nothing
 * refreshes behind our back (refresh tokens are sealed and rotated by the service).
 */
export class GoogleYouTubeApi implements YouTubeApiPort {
  private readonly youtube: youtube_v3.Youtube;

  constructor(private readonly endpoints: GoogleEndpoints) {
    // Retries off: the service decides (a 403 quotaExceeded must not be retried, a 429 is reported upward).
    this.youtube = new youtube_v3.Youtube({ rootUrl: endpoints.youtubeUrl, retry: false, timeout: 10_000 });
  }

  authorizationUrl({
    state,
    redirectUri,
    codeChallenge,
  }: {
    state: string;
    redirectUri: string;
    codeChallenge: string;
  }) {
    return this.oauthClient().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: true,
      scope: YOUTUBE_SCOPES,
      state,
      redirect_uri: redirectUri,
      code_challenge: codeChallenge,
      code_challenge_method: 'S256' as never,
    });
  }

  async exchangeCode(code: string, redirectUri: string, codeVerifier: string): Promise<GoogleTokenSet> {
    const { tokens } = await guard(() =>
      this.oauthClient().getToken({ code, codeVerifier, redirect_uri: redirectUri }),
    );
    return tokenSet(tokens);
  }

  async refresh(refreshToken: string): Promise<GoogleTokenSet> {
    // A client per refresh: credentials live on the client, and accounts refresh concurrently.
    const client = this.oauthClient();
    client.setCredentials({ refresh_token: refreshToken });
    const { credentials } = await guard(() => client.refreshAccessToken());
    return tokenSet({ ...credentials, refresh_token: credentials.refresh_token ?? refreshToken });
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

  private oauthClient(): OAuth2Client {
    return new OAuth2Client({
      clientId: this.endpoints.clientId,
      clientSecret: this.endpoints.clientSecret,
      endpoints: {
        oauth2AuthBaseUrl: new URL('/o/oauth2/v2/auth', this.endpoints.oauthUrl).toString(),
        oauth2TokenUrl: this.endpoints.tokenUrl,
      },
    });
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

function tokenSet(tokens: {
  access_token?: string | null;
  refresh_token?: string | null;
  expiry_date?: number | null;
  scope?: string | null;
}): GoogleTokenSet {
  if (!tokens.access_token)
    throw new YouTubeApiError('unavailable', 'noToken', 'Google returned no access token.', 502);
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: tokens.expiry_date ? new Date(tokens.expiry_date).toISOString() : null,
    scope: tokens.scope ?? '',
  };
}

interface GaxiosLikeError {
  status?: number;
  response?: { status?: number; data?: unknown };
}

/** Google's two error shapes → one classified error: OAuth `{ error, error_description }` and API `{ error: { errors[] } }`. */
async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof YouTubeApiError) throw error;
    const { response } = error as GaxiosLikeError;
    if (!response) throw new YouTubeApiError('unavailable', 'network', 'Google could not be reached.', 0);
    const status = response.status ?? 0;
    const data = (response.data ?? {}) as {
      error?: string | { message?: string; errors?: Array<{ reason?: string; message?: string }> };
      error_description?: string;
    };
    if (typeof data.error === 'string') {
      const kind: YouTubeErrorKind =
        data.error === 'invalid_grant' || status === 401 ? 'auth' : 'invalid_request';
      throw new YouTubeApiError(kind, data.error, data.error_description ?? data.error, status);
    }
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
