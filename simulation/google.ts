import { createHash } from 'node:crypto';
import {
  type FakeRequest,
  type FakeResponse,
  formOf,
  jsonOf,
  redirectTo,
  startFakeServer,
  token,
} from './http-kit';

/**
 * A fake Google for OAuth 2.0 (web server apps) and the YouTube Data API v3 (point GOOGLE_OAUTH_URL at `url`,
 * GOOGLE_TOKEN_URL at `${url}/token`, YOUTUBE_API_URL at `url`). Every rule below carries its official source.
 * The access tokens it issues also open the fake Sheets API (`tokenInfo`), as Google's tokens open every API
 * whose scope they carry.
 *
 * OAuth (https://developers.google.com/identity/protocols/oauth2/web-server):
 * - GET /o/oauth2/v2/auth auto-consents with a 302 to redirect_uri (`code`, `scope`, `state`), or `error=access_denied`.
 * - A refresh token only with access_type=offline, and on a later consent of the same user only with
 *   prompt=consent ("Refresh token … returned only the first time", #offline / #prompt).
 * - Granular consent: the user may grant fewer scopes than asked (`grantOnly`); the token's `scope` says which
 *   (#incrementalAuth / "Examine scopes granted by the user").
 * - POST /token: authorization_code (single-use code, same redirect_uri, PKCE S256 per RFC 7636 §4.6) and
 *   refresh_token; access tokens last `expires_in` 3599 s on the fake's clock and are refused once expired;
 *   errors are RFC 6749 §5.2 `{ error, error_description }` (400 invalid_grant "Token has been expired or revoked.").
 *
 * YouTube Data API v3:
 * - Quota: the PROJECT's units per day (default 10,000; list 1, comments.insert 50), every request costs even
 *   when invalid, reset at midnight Pacific Time (https://developers.google.com/youtube/v3/determine_quota_cost);
 *   past it, 403 `quotaExceeded` in domain `youtube.quota` (https://developers.google.com/youtube/v3/docs/errors).
 * - commentThreads.list carries only a subset of each thread's replies, with `snippet.totalReplyCount`
 *   (https://developers.google.com/youtube/v3/docs/commentThreads); the rest via comments.list?parentId=
 *   (https://developers.google.com/youtube/v3/docs/comments/list: part required, exactly one of id/parentId,
 *   maxResults 1–100 default 20, pageToken).
 * - The Google error envelope `{ error: { code, message, errors: [{ message, domain, reason }], status } }`.
 */
export interface FakeGoogleOptions {
  clientId?: string;
  clientSecret?: string;
  accessTtlSeconds?: number;
  /** The project's daily YouTube units in the fake (default 10,000). */
  dailyQuota?: number;
  /** Replies a comment thread carries inline (the docs only say "a limited number"; clients see five). */
  includedReplies?: number;
  now?: () => number;
  port?: number;
}

export interface FakeYouTubeComment {
  id: string;
  videoId: string;
  authorChannelId: string;
  authorDisplayName: string;
  textOriginal: string;
  publishedAt: string;
  parentId?: string;
}

interface FakeThread {
  id: string;
  channelId: string;
  videoId: string;
  top: FakeYouTubeComment;
  replies: FakeYouTubeComment[];
}

export interface FakeGrant {
  userId: string;
  scope: string;
  expiresAt: number;
}

type Endpoint = 'token' | 'channels' | 'commentThreads' | 'activities' | 'comments';
type Fault = 'quota' | 'rate_limited' | 'server_error' | 'auth';

export interface FakeGoogleState {
  /** Google users → their channel. */
  channels: Map<string, { id: string; title: string }>;
  consentUser: string;
  denyConsent: boolean;
  /** Granular consent: the scopes the user leaves ticked (undefined: all that were asked). */
  grantOnly: string[] | undefined;
  /** Users who already consented once (Google only returns a new refresh token with prompt=consent then). */
  consented: Set<string>;
  codes: Map<
    string,
    {
      userId: string;
      scope: string;
      redirectUri: string;
      challenge: string | null;
      offline: boolean;
      used: boolean;
      forceConsent: boolean;
    }
  >;
  accessTokens: Map<string, FakeGrant>;
  refreshTokens: Map<string, { userId: string; scope: string }>;
  threads: FakeThread[];
  activities: Map<
    string,
    Array<{ id: string; type: string; title: string; publishedAt: string; videoId: string }>
  >;
  commentsDisabled: Set<string>;
  /** Units the project spent on `quotaDay` (Pacific). */
  unitsUsed: number;
  quotaDay: string;
  faults: Map<Endpoint, Fault[]>;
  calls: Record<Endpoint | 'authorize' | 'replies', number>;
  refreshes: number;
  inserted: FakeYouTubeComment[];
}

const COST: Record<Exclude<Endpoint, 'token'>, { GET?: number; POST?: number }> = {
  // https://developers.google.com/youtube/v3/determine_quota_cost
  channels: { GET: 1 },
  commentThreads: { GET: 1 },
  activities: { GET: 1 },
  comments: { GET: 1, POST: 50 },
};

/** "Daily quotas reset at midnight Pacific Time (PT)" (determine_quota_cost). */
const pacificDay = (at: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Los_Angeles',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));

export async function startFakeGoogle(options: FakeGoogleOptions = {}) {
  const clientId = options.clientId ?? 'google-client-id.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'google-client-secret';
  // "expires_in": the remaining lifetime in seconds; Google's tokens answer 3599 (about an hour).
  let accessTtl = options.accessTtlSeconds ?? 3599;
  const now = options.now ?? (() => Date.now());
  const included = options.includedReplies ?? 5;
  const state: FakeGoogleState = {
    channels: new Map([['google-user-1', { id: 'UC_channel_1', title: 'Lola Bakes' }]]),
    consentUser: 'google-user-1',
    denyConsent: false,
    grantOnly: undefined,
    consented: new Set(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    threads: [],
    activities: new Map(),
    commentsDisabled: new Set(),
    unitsUsed: 0,
    quotaDay: pacificDay(now()),
    faults: new Map(),
    calls: {
      authorize: 0,
      token: 0,
      channels: 0,
      commentThreads: 0,
      activities: 0,
      comments: 0,
      replies: 0,
    },
    refreshes: 0,
    inserted: [],
  };
  let dailyQuota = options.dailyQuota ?? 10_000;

  const apiError = (
    code: number,
    reason: string,
    message: string,
    domain = 'youtube.api',
    status = 'PERMISSION_DENIED',
  ): FakeResponse => ({
    status: code,
    body: { error: { code, message, errors: [{ message, domain, reason }], status } },
  });
  const oauthError = (status: number, error: string, description: string): FakeResponse => ({
    status,
    body: { error, error_description: description },
  });
  const fault = (endpoint: Endpoint) => state.faults.get(endpoint)?.shift();
  const missing = (name: string) =>
    apiError(
      400,
      'missingRequiredParameter',
      `No filter selected. Expected one of: ${name}`,
      'youtube.parameter',
      'INVALID_ARGUMENT',
    );

  function authorize(request: FakeRequest): FakeResponse {
    state.calls.authorize += 1;
    const q = request.url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (
      q.get('client_id') !== clientId ||
      !redirectUri ||
      q.get('response_type') !== 'code' ||
      !q.get('scope')
    )
      return { status: 400, raw: 'Error 400: invalid_request' };
    const challenge = q.get('code_challenge');
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return { status: 400, raw: 'Error 400: invalid_request (code_challenge_method)' };
    const target = new URL(redirectUri);
    if (state.denyConsent) target.searchParams.set('error', 'access_denied');
    else {
      const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
      const granted = state.grantOnly ? asked.filter((s) => state.grantOnly!.includes(s)) : asked;
      const code = token('4/0A');
      state.codes.set(code, {
        userId: state.consentUser,
        scope: granted.join(' '),
        redirectUri,
        challenge,
        offline: q.get('access_type') === 'offline',
        forceConsent: (q.get('prompt') ?? '').split(' ').includes('consent'),
        used: false,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', granted.join(' '));
    }
    if (q.get('state')) target.searchParams.set('state', q.get('state')!);
    return redirectTo(target.toString());
  }

  function tokenEndpoint(request: FakeRequest): FakeResponse {
    state.calls.token += 1;
    const form = formOf(request);
    if (!form) return oauthError(400, 'invalid_request', 'Invalid content type.');
    let id: string | null | undefined = form.get('client_id');
    let secret: string | null | undefined = form.get('client_secret');
    const basic = String(request.headers.authorization ?? '');
    if (basic.startsWith('Basic '))
      [id, secret] = Buffer.from(basic.slice(6), 'base64').toString().split(':');
    if (id !== clientId || secret !== clientSecret)
      return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    const injected = fault('token');
    if (injected === 'server_error') return oauthError(500, 'internal_failure', 'Backend error.');
    if (form.get('grant_type') === 'authorization_code') {
      const code = state.codes.get(form.get('code') ?? '');
      // An authorization code is single-use (RFC 6749 §4.1.2).
      if (!code || code.used) return oauthError(400, 'invalid_grant', 'Malformed auth code.');
      if (code.redirectUri !== form.get('redirect_uri'))
        return oauthError(400, 'redirect_uri_mismatch', 'Bad Request');
      if (
        code.challenge &&
        createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url') !== code.challenge
      )
        return oauthError(400, 'invalid_grant', 'Invalid code verifier.');
      code.used = true;
      const accessToken = issueAccess(code.userId, code.scope);
      const firstConsent = !state.consented.has(code.userId);
      state.consented.add(code.userId);
      const body: Record<string, unknown> = {
        access_token: accessToken,
        expires_in: accessTtl,
        scope: code.scope,
        token_type: 'Bearer',
      };
      if (code.offline && (firstConsent || code.forceConsent)) {
        const refresh = token('1//0g');
        state.refreshTokens.set(refresh, { userId: code.userId, scope: code.scope });
        body.refresh_token = refresh;
      }
      return { status: 200, body };
    }
    if (form.get('grant_type') === 'refresh_token') {
      const grant = state.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      state.refreshes += 1;
      // The refresh answer has no refresh_token: the one the app holds keeps working (#offline).
      return {
        status: 200,
        body: {
          access_token: issueAccess(grant.userId, grant.scope),
          expires_in: accessTtl,
          scope: grant.scope,
          token_type: 'Bearer',
        },
      };
    }
    return oauthError(400, 'unsupported_grant_type', 'Invalid grant_type.');
  }

  function issueAccess(userId: string, scope: string): string {
    const accessToken = token('ya29.');
    state.accessTokens.set(accessToken, { userId, scope, expiresAt: now() + accessTtl * 1000 });
    return accessToken;
  }

  /** A live grant for this access token, or undefined (unknown, revoked or expired on the fake's clock). */
  function tokenInfo(accessToken: string): FakeGrant | undefined {
    const grant = state.accessTokens.get(accessToken);
    return grant && grant.expiresAt > now() ? grant : undefined;
  }

  function youtube(request: FakeRequest, endpoint: Exclude<Endpoint, 'token'>): FakeResponse {
    state.calls[endpoint] += 1;
    const header = String(request.headers.authorization ?? '');
    const grant = header.startsWith('Bearer ') ? tokenInfo(header.slice(7)) : undefined;
    const injected = fault(endpoint);
    // unauthorized (401) authError: invalid credentials (https://developers.google.com/youtube/v3/docs/core_errors).
    if (!grant || injected === 'auth')
      return apiError(
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
        'global',
        'UNAUTHENTICATED',
      );
    if (injected === 'server_error')
      return apiError(503, 'backendError', 'Backend Error', 'global', 'UNAVAILABLE');
    // rateLimitExceeded (core_errors): too many requests in a short time, unrelated to the daily quota.
    if (injected === 'rate_limited')
      return apiError(
        429,
        'rateLimitExceeded',
        'Rate limit exceeded.',
        'youtube.quota',
        'RESOURCE_EXHAUSTED',
      );
    const today = pacificDay(now());
    if (today !== state.quotaDay) {
      state.quotaDay = today;
      state.unitsUsed = 0;
    }
    const cost = COST[endpoint][request.method as 'GET' | 'POST'] ?? 1;
    if (injected === 'quota' || state.unitsUsed + cost > dailyQuota) {
      state.unitsUsed += 1; // "All API requests, including invalid requests, incur a quota cost of at least one point."
      return apiError(
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        'youtube.quota',
      );
    }
    state.unitsUsed += cost;
    const q = request.url.searchParams;
    // `part` is a required parameter of every list method (each method's reference page, "Required parameters").
    if (request.method === 'GET' && !q.get('part'))
      return apiError(400, 'required', 'Required parameter: part', 'global', 'INVALID_ARGUMENT');
    const channel = state.channels.get(grant.userId)!;
    if (endpoint === 'channels') {
      if (q.get('mine') !== 'true') return missing('mine, id, forHandle, forUsername');
      return {
        status: 200,
        body: {
          kind: 'youtube#channelListResponse',
          items: [{ kind: 'youtube#channel', id: channel.id, snippet: { title: channel.title } }],
        },
      };
    }
    if (endpoint === 'commentThreads') {
      const videoId = q.get('videoId');
      const channelId = q.get('allThreadsRelatedToChannelId');
      if (!videoId && !channelId) return missing('allThreadsRelatedToChannelId, id, videoId');
      // forbidden (403) commentsDisabled (https://developers.google.com/youtube/v3/docs/commentThreads/list#errors).
      if (videoId && state.commentsDisabled.has(videoId))
        return apiError(
          403,
          'commentsDisabled',
          'The video identified by the videoId parameter has disabled comments.',
          'youtube.commentThread',
        );
      const list = state.threads
        .filter((t) => (videoId ? t.videoId === videoId : t.channelId === channelId))
        .sort((a, b) => b.top.publishedAt.localeCompare(a.top.publishedAt));
      const page = paginate(list, q, 20, 100);
      if ('error' in page) return page.error;
      return {
        status: 200,
        body: {
          kind: 'youtube#commentThreadListResponse',
          ...page.meta,
          items: page.items.map((t) => threadResource(t, included)),
        },
      };
    }
    if (endpoint === 'activities') {
      const list = (state.activities.get(q.get('channelId') ?? '') ?? []).map((a) => ({
        kind: 'youtube#activity',
        id: a.id,
        snippet: { type: a.type, title: a.title, publishedAt: a.publishedAt, channelId: q.get('channelId') },
        contentDetails: { upload: { videoId: a.videoId } },
      }));
      const page = paginate(list, q, 5, 50);
      if ('error' in page) return page.error;
      return { status: 200, body: { kind: 'youtube#activityListResponse', ...page.meta, items: page.items } };
    }
    if (request.method === 'GET') {
      // comments.list: "Filters (specify exactly one of the following parameters)": id, parentId.
      const parentId = q.get('parentId');
      if (!parentId === !q.get('id')) return missing('id, parentId');
      const thread = state.threads.find((t) => t.id === parentId);
      if (!thread)
        return apiError(
          404,
          'commentNotFound',
          'One or more of the comment resources specified by the id or parentId parameter cannot be found.',
          'youtube.comment',
          'NOT_FOUND',
        );
      state.calls.replies += 1;
      const page = paginate(thread.replies, q, 20, 100);
      if ('error' in page) return page.error;
      return {
        status: 200,
        body: { kind: 'youtube#commentListResponse', ...page.meta, items: page.items.map(commentResource) },
      };
    }
    // comments.insert (https://developers.google.com/youtube/v3/docs/comments/insert): snippet.parentId and
    // snippet.textOriginal required (400 parentIdMissing / commentTextRequired), 404 parentCommentNotFound.
    if (request.method !== 'POST')
      return apiError(405, 'methodNotAllowed', 'Method not allowed.', 'global', 'INVALID_ARGUMENT');
    const snippet = (jsonOf(request)?.snippet ?? {}) as { parentId?: string; textOriginal?: string };
    if (!snippet.textOriginal)
      return apiError(
        400,
        'commentTextRequired',
        'The comment resource must contain the snippet.textOriginal property.',
        'youtube.comment',
        'INVALID_ARGUMENT',
      );
    if (!snippet.parentId)
      return apiError(
        400,
        'parentIdMissing',
        'No parentId was specified.',
        'youtube.comment',
        'INVALID_ARGUMENT',
      );
    const thread = state.threads.find((t) => t.id === snippet.parentId);
    if (!thread)
      return apiError(
        404,
        'parentCommentNotFound',
        'The parent comment could not be found.',
        'youtube.comment',
        'NOT_FOUND',
      );
    if (state.commentsDisabled.has(thread.videoId))
      return apiError(
        403,
        'commentsDisabled',
        'Comments are disabled for this video.',
        'youtube.commentThread',
      );
    const reply: FakeYouTubeComment = {
      id: `${thread.id}.${token('r')}`,
      videoId: thread.videoId,
      authorChannelId: channel.id,
      authorDisplayName: channel.title,
      textOriginal: snippet.textOriginal,
      publishedAt: new Date(now()).toISOString(),
      parentId: thread.id,
    };
    thread.replies.push(reply);
    state.inserted.push(reply);
    return { status: 200, body: commentResource(reply) };
  }

  const server = await startFakeServer((request) => {
    const path = request.url.pathname;
    if (request.method === 'GET' && path === '/o/oauth2/v2/auth') return authorize(request);
    if (request.method === 'POST' && path === '/token') return tokenEndpoint(request);
    const match = path.match(/^\/youtube\/v3\/(channels|commentThreads|activities|comments)$/);
    if (match) return youtube(request, match[1] as Exclude<Endpoint, 'token'>);
    return apiError(404, 'notFound', `Not found: ${path}`, 'global', 'NOT_FOUND');
  }, options.port);

  return {
    url: server.url,
    state,
    clientId,
    clientSecret,
    stop: server.stop,
    tokenInfo,
    setAccessTtl(seconds: number) {
      accessTtl = seconds;
    },
    addUser(userId: string, channel: { id: string; title: string }) {
      state.channels.set(userId, channel);
    },
    setDailyQuota(units: number) {
      dailyQuota = units;
    },
    addThread(channelId: string, top: FakeYouTubeComment, replies: FakeYouTubeComment[] = []) {
      state.threads.push({ id: top.id, channelId, videoId: top.videoId, top, replies });
    },
    addReply(threadId: string, reply: FakeYouTubeComment) {
      state.threads.find((t) => t.id === threadId)?.replies.push({ ...reply, parentId: threadId });
    },
    addActivity(
      channelId: string,
      activity: { id: string; type: string; title: string; publishedAt: string; videoId: string },
    ) {
      state.activities.set(channelId, [...(state.activities.get(channelId) ?? []), activity]);
    },
    /** The user revokes access in their Google account: every token stops working. */
    revoke(userId: string) {
      for (const [key, grant] of state.accessTokens)
        if (grant.userId === userId) state.accessTokens.delete(key);
      for (const [key, grant] of state.refreshTokens)
        if (grant.userId === userId) state.refreshTokens.delete(key);
    },
    failNext(endpoint: Endpoint, fault: Fault, count = 1) {
      state.faults.set(endpoint, [...(state.faults.get(endpoint) ?? []), ...Array(count).fill(fault)]);
    },
  };
}

function commentResource(comment: FakeYouTubeComment) {
  return {
    kind: 'youtube#comment',
    id: comment.id,
    snippet: {
      channelId: comment.authorChannelId,
      videoId: comment.videoId,
      textDisplay: comment.textOriginal,
      textOriginal: comment.textOriginal,
      authorDisplayName: comment.authorDisplayName,
      authorChannelId: { value: comment.authorChannelId },
      canRate: true,
      viewerRating: 'none',
      likeCount: 0,
      publishedAt: comment.publishedAt,
      updatedAt: comment.publishedAt,
      ...(comment.parentId ? { parentId: comment.parentId } : {}),
    },
  };
}

/** A thread with only its first `included` replies inline; totalReplyCount says how many exist. */
function threadResource(thread: FakeThread, included: number) {
  return {
    kind: 'youtube#commentThread',
    id: thread.id,
    snippet: {
      channelId: thread.channelId,
      videoId: thread.videoId,
      topLevelComment: commentResource(thread.top),
      canReply: true,
      totalReplyCount: thread.replies.length,
      isPublic: true,
    },
    ...(thread.replies.length
      ? { replies: { comments: thread.replies.slice(0, included).map(commentResource) } }
      : {}),
  };
}

/**
 * pageToken is an opaque base64 offset, as opaque to clients as Google's; maxResults outside its documented range
 * is refused (400 invalidParameter, https://developers.google.com/youtube/v3/docs/errors).
 */
function paginate<T>(
  items: T[],
  q: URLSearchParams,
  defaultMax: number,
  maxMax: number,
): { items: T[]; meta: Record<string, unknown> } | { error: FakeResponse } {
  const max = Number(q.get('maxResults') ?? defaultMax);
  if (!Number.isInteger(max) || max < 1 || max > maxMax)
    return {
      error: {
        status: 400,
        body: {
          error: {
            code: 400,
            message: `Invalid value for maxResults: ${q.get('maxResults')}`,
            errors: [
              { message: 'Invalid maxResults', domain: 'youtube.parameter', reason: 'invalidParameter' },
            ],
            status: 'INVALID_ARGUMENT',
          },
        },
      },
    };
  const offset = q.get('pageToken') ? Number(Buffer.from(q.get('pageToken')!, 'base64url').toString()) : 0;
  const next =
    offset + max < items.length ? Buffer.from(String(offset + max)).toString('base64url') : undefined;
  return {
    items: items.slice(offset, offset + max),
    meta: {
      ...(next ? { nextPageToken: next } : {}),
      pageInfo: { totalResults: items.length, resultsPerPage: max },
    },
  };
}

export type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>;
