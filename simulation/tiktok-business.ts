import { createHash } from 'node:crypto';
import { type FakeRequest, type FakeResponse, jsonOf, redirectTo, startFakeServer, token } from './http-kit';

/**
 * A fake TikTok API for Business, built from its documentation, speaking two hosts on one server (point
 * TIKTOK_BUSINESS_AUTH_URL at `authorizationUrl` and TIKTOK_BUSINESS_API_URL at `url`):
 * - the TikTok account holder authorization page, GET /v2/auth/authorize (auto-consents with a 302);
 * - the account holder's tokens, POST /open_api/v1.3/tt_user/oauth2/token/ and …/refresh_token/;
 * - the Accounts API: /business/get/, /business/video/list/, /business/comment/list/,
 *   /business/comment/reply/create/.
 * Every answer is the envelope `{ code, message, request_id, data }`, HTTP 200 even for errors (non-zero code).
 * A token is valid only if this fake issued it through that flow: a Login Kit token (open.tiktokapis.com) is
 * refused like any unknown token. Sources, cited per rule below:
 * AUTH   https://business-api.tiktok.com/portal/docs/accounts-api-authorization/v1.3
 * TOKEN  https://business-api.tiktok.com/portal/docs?id=1738084387220481 (short-term access token), as mirrored by
 *        github.com/sns-sdks/python-tiktok pytiktok/business_account_api.py and its testsdata
 * API    https://business-api.tiktok.com/portal/docs?id=1737565048641538 (Accounts API), as mirrored by
 *        github.com/bububa/tiktok-business model/business/{get,video/list,comment/list,comment/reply_create}.go
 * CODES  https://business-api.tiktok.com/portal/docs?id=1737172488964097 (return codes), meanings as listed by
 *        https://help.sleekflow.io/en_US/tiktok-business-messaging/troubleshooting-your-tiktok-business-messaging-channels
 */
export interface FakeTikTokBusinessOptions {
  appId?: string;
  secret?: string;
  /** TOKEN: "The TikTok Account access token is valid for one day" (expires_in 86400). */
  accessTtlSeconds?: number;
  /** TOKEN: "The TikTok account refresh token is valid for one year" (refresh_token_expires_in 31536000). */
  refreshTtlSeconds?: number;
  /** Rate limit per authorized account and endpoint, per minute (40 in the Accounts API's rate-limit guide). */
  requestsPerMinute?: number;
  /** The fake's clock (ms): tokens, codes and the rate-limit window run on it. */
  now?: () => number;
  port?: number;
}

export interface FakeBusinessComment {
  comment_id: string;
  video_id: string;
  /** App- and account-scoped id of the commenter: never the account's open_id (API: "to be deprecated"). */
  user_id: string;
  unique_identifier: string;
  /** Unix seconds. */
  create_time: number;
  text: string;
  likes: number;
  owner: boolean;
  status: 'PUBLIC' | 'HIDDEN';
  username: string;
  display_name: string;
  profile_image: string;
  parent_comment_id?: string;
  reply_list: FakeBusinessComment[];
}

export interface FakeBusinessVideo {
  item_id: string;
  caption: string;
  /** Unix seconds. */
  create_time: number;
  comments: FakeBusinessComment[];
}

type Endpoint = 'token' | 'refresh' | 'profile' | 'videos' | 'comments' | 'reply';
type Fault = 'rate_limited' | 'server_error' | 'token_invalid';

interface Grant {
  openId: string;
  scope: string;
  expiresAt: number;
}

export interface FakeTikTokBusinessState {
  accounts: Map<string, { openId: string; displayName: string; username: string }>;
  videos: Map<string, FakeBusinessVideo[]>;
  /** The TikTok account that "logs in" on the authorization page. */
  consentUser: string;
  denyConsent: boolean;
  /** The permissions the account holder approves (default: every one the URL asks for). */
  approveOnly: string[] | null;
  /** The app's TikTok account holder redirect URLs (My Apps > App Detail > Basic Information). */
  redirectUris: Set<string>;
  /** Who authorized the app, for which scopes (AUTH: a second authorization skips the consent page). */
  authorized: Map<string, string>;
  codes: Map<
    string,
    { openId: string; scope: string; redirectUri: string; expiresAt: number; used: boolean }
  >;
  accessTokens: Map<string, Grant>;
  refreshTokens: Map<string, Grant>;
  replies: Array<{ businessId: string; videoId: string; commentId: string; text: string; replyId: string }>;
  /** The `fields` of every /business/get/ and /business/video/list/ request, in order. */
  requestedFields: Array<{ endpoint: 'profile' | 'videos'; fields: string[] }>;
  /** Every authorized Accounts API call, by account. */
  accountCalls: Array<{ endpoint: Endpoint; openId: string }>;
  faults: Map<Endpoint, Fault[]>;
  calls: Record<Endpoint | 'authorize', number>;
  refreshes: number;
}

const PREFIX = '/open_api/v1.3';
/** API (business/get): the profile fields, each annotated "user.info.basic". */
const PROFILE_FIELDS = ['display_name', 'username', 'profile_image'];
/** API (business/video/list): the fields this fake serves (the real list has more). */
const VIDEO_FIELDS = [
  'item_id',
  'create_time',
  'thumbnail_url',
  'share_url',
  'embed_url',
  'caption',
  'video_views',
  'likes',
  'comments',
  'shares',
];

export async function startFakeTikTokBusiness(options: FakeTikTokBusinessOptions = {}) {
  const appId = options.appId ?? '7300000000000000000';
  const secret = options.secret ?? 'tt-business-secret';
  let accessTtl = options.accessTtlSeconds ?? 86_400;
  const refreshTtl = options.refreshTtlSeconds ?? 31_536_000;
  const perMinute = options.requestsPerMinute ?? 40;
  const now = options.now ?? (() => Date.now());
  const state: FakeTikTokBusinessState = {
    accounts: new Map(),
    videos: new Map(),
    consentUser: '',
    denyConsent: false,
    approveOnly: null,
    redirectUris: new Set(),
    authorized: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    replies: [],
    requestedFields: [],
    accountCalls: [],
    faults: new Map(),
    calls: { authorize: 0, token: 0, refresh: 0, profile: 0, videos: 0, comments: 0, reply: 0 },
    refreshes: 0,
  };
  const windows = new Map<string, number[]>();
  let ids = 0;
  /** Comment ids are 19-digit numeric strings (API example: 6990565363377392901). */
  const commentId = () => `7${String(now()).padStart(13, '0')}${String(ids++ % 100_000).padStart(5, '0')}`;
  const requestId = () => token('20261125');
  /** The app- and account-scoped `user_id` of a commenter (API example: a 64-hex-digit hash). */
  const userIdOf = (who: string) => createHash('sha256').update(`${appId}:${who}`).digest('hex');

  const ok = (data: unknown): FakeResponse => ({
    status: 200,
    body: { code: 0, message: 'OK', request_id: requestId(), data },
  });
  /** CODES: errors come in the same envelope with HTTP 200 and a non-zero code. */
  const fail = (code: number, message: string, status = 200): FakeResponse => ({
    status,
    body: { code, message, request_id: requestId(), data: {} },
  });
  const fault = (endpoint: Endpoint): Fault | undefined => state.faults.get(endpoint)?.shift();

  function authorize(request: FakeRequest): FakeResponse {
    state.calls.authorize += 1;
    const q = request.url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    // AUTH: the authorization URL names the app and is only valid with one of its registered redirect URLs.
    if (q.get('client_key') !== appId || q.get('response_type') !== 'code')
      return { status: 400, raw: 'This authorization link is invalid (client_key or response_type).' };
    if (!state.redirectUris.has(redirectUri))
      return { status: 400, raw: 'redirect_uri is not a TikTok account holder redirect URL of this app.' };
    const target = new URL(redirectUri);
    const requestedState = q.get('state');
    if (state.denyConsent) {
      // The cancel redirect is not described by AUTH; the Login Kit shape is used.
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied the request');
    } else {
      const asked = (q.get('scope') ?? '').split(',').filter(Boolean);
      const granted = asked.filter((s) => !state.approveOnly || state.approveOnly.includes(s)).join(',');
      const already = state.authorized.get(state.consentUser);
      // AUTH: "if the TikTok account user has previously authorized the developer app for the same permissions,
      // the permission scope review and approval page ... will be skipped ... directly redirected to the redirect
      // URL" — without a code; `&disable_auto_auth=1` disables that.
      if (already === granted && q.get('disable_auto_auth') !== '1') {
        if (requestedState !== null) target.searchParams.set('state', requestedState);
        return redirectTo(target.toString());
      }
      const code = token('code-');
      // AUTH: "auth_code is only valid for 10 minutes and can be used only once."
      state.codes.set(code, {
        openId: state.consentUser,
        scope: granted,
        redirectUri,
        expiresAt: now() + 600_000,
        used: false,
      });
      state.authorized.set(state.consentUser, granted);
      // AUTH: "The redirect URL will include a code=<param>, which is the auth_code".
      target.searchParams.set('code', code);
      target.searchParams.set('scopes', granted);
    }
    if (requestedState !== null) target.searchParams.set('state', requestedState);
    return redirectTo(target.toString());
  }

  function issue(openId: string, scope: string, refreshToken?: string) {
    const accessToken = token('act.');
    state.accessTokens.set(accessToken, { openId, scope, expiresAt: now() + accessTtl * 1000 });
    let refresh = refreshToken;
    if (!refresh) {
      refresh = token('rft.');
      state.refreshTokens.set(refresh, { openId, scope, expiresAt: now() + refreshTtl * 1000 });
    }
    const refreshGrant = state.refreshTokens.get(refresh)!;
    // TOKEN: data { access_token, token_type, scope, expires_in, refresh_token, refresh_token_expires_in,
    // open_id }. A refresh keeps the refresh token and its first expiry (the SDK's recorded refresh answer counts
    // refresh_token_expires_in down from the first authorization: 31527314 < 31536000).
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      scope,
      expires_in: accessTtl,
      refresh_token: refresh,
      refresh_token_expires_in: Math.max(0, Math.floor((refreshGrant.expiresAt - now()) / 1000)),
      open_id: openId,
    };
  }

  /** TOKEN: JSON bodies with client_id and client_secret (the App ID and Secret), every field required. */
  function tokenRequest(request: FakeRequest, endpoint: 'token' | 'refresh', required: string[]) {
    state.calls[endpoint] += 1;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
      return { error: fail(40002, 'Content-Type must be application/json.') };
    const body = jsonOf(request);
    if (!body) return { error: fail(40002, 'The request body is not valid JSON.') };
    for (const field of ['client_id', 'client_secret', 'grant_type', ...required])
      if (typeof body[field] !== 'string' || body[field] === '')
        return { error: fail(40002, `${field} is required.`) };
    // CODES 40001 "You don't have permission to perform this action" (the exact code for a wrong secret is not
    // in the sources).
    if (body.client_id !== appId || body.client_secret !== secret)
      return { error: fail(40001, 'client_id or client_secret is invalid.') };
    const injected = fault(endpoint);
    if (injected === 'rate_limited') return { error: fail(40100, 'Too many requests.') };
    if (injected === 'server_error') return { error: fail(50002, 'System error.', 500) };
    return { body };
  }

  function tokenEndpoint(request: FakeRequest): FakeResponse {
    const { error, body } = tokenRequest(request, 'token', ['auth_code', 'redirect_uri']);
    if (error) return error;
    if (body.grant_type !== 'authorization_code')
      return fail(40002, 'grant_type must be authorization_code.');
    const code = state.codes.get(String(body.auth_code));
    if (!code || code.used || code.expiresAt <= now()) return fail(40002, 'auth_code is invalid or expired.');
    // TOKEN: redirect_uri "must be the same as the TikTok account holder redirect URL set in the app".
    if (body.redirect_uri !== code.redirectUri) return fail(40002, 'redirect_uri does not match.');
    code.used = true;
    return ok(issue(code.openId, code.scope));
  }

  function refreshEndpoint(request: FakeRequest): FakeResponse {
    const { error, body } = tokenRequest(request, 'refresh', ['refresh_token']);
    if (error) return error;
    if (body.grant_type !== 'refresh_token') return fail(40002, 'grant_type must be refresh_token.');
    const presented = String(body.refresh_token);
    const grant = state.refreshTokens.get(presented);
    // TOKEN: "If the refresh token expires, the developer needs to request the user to re-authorize".
    if (!grant || grant.expiresAt <= now()) return fail(40002, 'refresh_token is invalid or expired.');
    state.refreshes += 1;
    return ok(issue(grant.openId, grant.scope, presented));
  }

  /** CODES 40100: the Accounts API allows `perMinute` requests per authorized account and endpoint. */
  function throttled(openId: string, endpoint: Endpoint): boolean {
    const key = `${openId}:${endpoint}`;
    const recent = (windows.get(key) ?? []).filter((at) => at > now() - 60_000);
    recent.push(now());
    windows.set(key, recent);
    return recent.length > perMinute;
  }

  /** API: every Accounts API call carries `Access-Token`; CODES 40105 "The access token is missing or incorrect". */
  function authorized(request: FakeRequest, endpoint: Endpoint, scope: string) {
    state.calls[endpoint] += 1;
    const presented = String(request.headers['access-token'] ?? '');
    const grant = state.accessTokens.get(presented);
    const injected = fault(endpoint);
    if (injected === 'server_error') return { error: fail(50002, 'System error.', 500) };
    if (!grant || grant.expiresAt <= now() || injected === 'token_invalid')
      return { error: fail(40105, 'The access token is missing or incorrect.') };
    state.accountCalls.push({ endpoint, openId: grant.openId });
    if (injected === 'rate_limited' || throttled(grant.openId, endpoint))
      return { error: fail(40100, 'Requests made too frequently.') };
    // API: each endpoint needs its permission (Get Business Comment = comment.list, Manage Business Comment =
    // comment.list.manage, Business Media = video.list, basic info = user.info.basic).
    if (!grant.scope.split(',').includes(scope))
      return { error: fail(40001, `The TikTok account did not authorize ${scope}.`) };
    return { grant };
  }

  /** API: `business_id` — "Pass the value of the open_id field returned in the response of /tt_user/oauth2/token/". */
  const ownsBusiness = (grant: Grant, businessId: unknown) => businessId === grant.openId;

  /** API: `fields` is a JSON array in the query string. */
  function fieldsOf(request: FakeRequest, fallback: string[], known: string[]) {
    const raw = request.url.searchParams.get('fields');
    if (raw === null) return { fields: fallback };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { error: fail(40002, 'fields must be a JSON array of strings.') };
    }
    if (!Array.isArray(parsed) || parsed.some((f) => typeof f !== 'string'))
      return { error: fail(40002, 'fields must be a JSON array of strings.') };
    const unknown = parsed.filter((f) => !known.includes(f));
    if (unknown.length > 0) return { error: fail(40002, `Unknown fields: ${unknown.join(', ')}.`) };
    return { fields: parsed as string[] };
  }

  function profile(request: FakeRequest): FakeResponse {
    const { error, grant } = authorized(request, 'profile', 'user.info.basic');
    if (error) return error;
    if (!ownsBusiness(grant, request.url.searchParams.get('business_id')))
      return fail(40002, 'business_id does not match the access token.');
    // API: default fields ["display_name", "profile_image"].
    const asked = fieldsOf(request, ['display_name', 'profile_image'], PROFILE_FIELDS);
    if (asked.error) return asked.error;
    state.requestedFields.push({ endpoint: 'profile', fields: asked.fields });
    const account = state.accounts.get(grant.openId)!;
    const values: Record<string, string> = {
      display_name: account.displayName,
      username: account.username,
      profile_image: `https://p16-sign-va.tiktokcdn.com/${account.username}.jpeg`,
    };
    return ok(Object.fromEntries(asked.fields.map((f) => [f, values[f]])));
  }

  function videoList(request: FakeRequest): FakeResponse {
    const { error, grant } = authorized(request, 'videos', 'video.list');
    if (error) return error;
    const q = request.url.searchParams;
    if (!ownsBusiness(grant, q.get('business_id')))
      return fail(40002, 'business_id does not match the access token.');
    // API: default ["item_id"]; "If you want to request multiple fields, include item_id in the value of fields".
    const asked = fieldsOf(request, ['item_id'], VIDEO_FIELDS);
    if (asked.error) return asked.error;
    if (asked.fields.length > 1 && !asked.fields.includes('item_id'))
      return fail(40002, 'fields must include item_id when several fields are requested.');
    state.requestedFields.push({ endpoint: 'videos', fields: asked.fields });
    // API: max_count default 10, max 20; cursor: a Unix time in ms (default: now), videos published before it.
    const max = Number(q.get('max_count') ?? 10);
    if (!Number.isInteger(max) || max < 1 || max > 20) return fail(40002, 'max_count must be 1 to 20.');
    const cursor = q.has('cursor') ? Number(q.get('cursor')) : now();
    if (!Number.isFinite(cursor)) return fail(40002, 'cursor must be a Unix time in milliseconds.');
    const older = [...(state.videos.get(grant.openId) ?? [])]
      .filter((v) => v.create_time * 1000 < cursor)
      .sort((a, b) => b.create_time - a.create_time);
    const page = older.slice(0, max);
    const values = (v: FakeBusinessVideo): Record<string, unknown> => ({
      item_id: v.item_id,
      // API examples show create_time as a Unix time; SDKs type it as a string.
      create_time: String(v.create_time),
      thumbnail_url: `https://p16-sign-va.tiktokcdn.com/${v.item_id}.jpeg`,
      share_url: `https://www.tiktok.com/@x/video/${v.item_id}`,
      embed_url: `https://www.tiktok.com/player/v1/${v.item_id}`,
      caption: v.caption,
      video_views: 100,
      likes: 10,
      comments: v.comments.length,
      shares: 1,
    });
    return ok({
      videos: page.map((v) => {
        const all = values(v);
        return Object.fromEntries(asked.fields.map((f) => [f, all[f]]));
      }),
      cursor: page.length ? page[page.length - 1]!.create_time * 1000 : cursor,
      has_more: older.length > max,
    });
  }

  const view = (c: FakeBusinessComment, withReplies: boolean): Record<string, unknown> => ({
    comment_id: c.comment_id,
    video_id: c.video_id,
    user_id: c.user_id,
    unique_identifier: c.unique_identifier,
    create_time: String(c.create_time),
    text: c.text,
    likes: c.likes,
    replies: c.reply_list.length,
    owner: c.owner,
    liked: false,
    pinned: false,
    status: c.status,
    username: c.username,
    display_name: c.display_name,
    profile_image: c.profile_image,
    ...(c.parent_comment_id ? { parent_comment_id: c.parent_comment_id } : {}),
    // API: include_replies returns at most 3 replies per top-level comment.
    ...(withReplies ? { reply_list: c.reply_list.slice(0, 3).map((r) => view(r, false)) } : {}),
  });

  function commentList(request: FakeRequest): FakeResponse {
    const { error, grant } = authorized(request, 'comments', 'comment.list');
    if (error) return error;
    const q = request.url.searchParams;
    if (!ownsBusiness(grant, q.get('business_id')))
      return fail(40002, 'business_id does not match the access token.');
    const video = (state.videos.get(grant.openId) ?? []).find((v) => v.item_id === q.get('video_id'));
    if (!video) return fail(40002, 'video_id is not a video of this account.');
    // API: max_count default 20, min 1, max 30; cursor default 0.
    const max = Number(q.get('max_count') ?? 20);
    if (!Number.isInteger(max) || max < 1 || max > 30) return fail(40002, 'max_count must be 1 to 30.');
    const offset = Number(q.get('cursor') ?? 0);
    if (!Number.isInteger(offset) || offset < 0) return fail(40002, 'cursor must be a non-negative integer.');
    const sortField = q.get('sort_field');
    const sortOrder = q.get('sort_order');
    if (sortField !== null && !['likes', 'replies', 'create_time'].includes(sortField))
      return fail(40002, 'sort_field must be likes, replies or create_time.');
    if (sortOrder !== null && !['asc', 'desc', 'smart'].includes(sortOrder))
      return fail(40002, 'sort_order must be asc, desc or smart.');
    const status = q.get('status') ?? 'ALL';
    if (!['ALL', 'PUBLIC'].includes(status)) return fail(40002, 'status must be ALL or PUBLIC.');
    let comments = video.comments.filter((c) => status === 'ALL' || c.status === 'PUBLIC');
    if (sortField && sortOrder !== 'smart') {
      const key = (c: FakeBusinessComment) =>
        sortField === 'likes' ? c.likes : sortField === 'replies' ? c.reply_list.length : c.create_time;
      const sign = sortOrder === 'asc' ? 1 : -1;
      comments = [...comments].sort((a, b) => sign * (key(a) - key(b)));
    } else {
      // API: without a sort the order is TikTok's "smart" ranking, not time: most liked first here.
      comments = [...comments].sort((a, b) => b.likes - a.likes);
    }
    const page = comments.slice(offset, offset + max);
    const withReplies = q.get('include_replies') === 'true';
    return ok({
      comments: page.map((c) => view(c, withReplies)),
      cursor: offset + page.length,
      has_more: offset + page.length < comments.length,
    });
  }

  function replyCreate(request: FakeRequest): FakeResponse {
    const { error, grant } = authorized(request, 'reply', 'comment.list.manage');
    if (error) return error;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
      return fail(40002, 'Content-Type must be application/json.');
    const body = jsonOf(request);
    if (!body || !ownsBusiness(grant, body.business_id))
      return fail(40002, 'business_id does not match the access token.');
    const text = typeof body.text === 'string' ? body.text : '';
    // API: "Text content of the comment to create. Max length of 150 characters."
    if (text.length === 0 || [...text].length > 150) return fail(40002, 'text must be 1 to 150 characters.');
    const video = (state.videos.get(grant.openId) ?? []).find((v) => v.item_id === body.video_id);
    if (!video) return fail(40002, 'video_id is not a video of this account.');
    const parent = video.comments.find((c) => c.comment_id === body.comment_id);
    if (!parent) return fail(40002, 'comment_id is not a comment of this video.');
    const account = state.accounts.get(grant.openId)!;
    const reply: FakeBusinessComment = {
      comment_id: commentId(),
      video_id: video.item_id,
      user_id: userIdOf(grant.openId),
      unique_identifier: `uid-${grant.openId}`,
      create_time: Math.floor(now() / 1000),
      text,
      likes: 0,
      owner: true,
      status: 'PUBLIC',
      username: account.username,
      display_name: account.displayName,
      profile_image: `https://p16-sign-va.tiktokcdn.com/${account.username}.jpeg`,
      parent_comment_id: parent.comment_id,
      reply_list: [],
    };
    parent.reply_list.push(reply);
    state.replies.push({
      businessId: grant.openId,
      videoId: video.item_id,
      commentId: parent.comment_id,
      text,
      replyId: reply.comment_id,
    });
    // API (reply/create): data { comment_id, parent_comment_id, video_id, user_id, create_time, text }.
    return ok({
      comment_id: reply.comment_id,
      parent_comment_id: parent.comment_id,
      video_id: video.item_id,
      user_id: reply.user_id,
      create_time: String(reply.create_time),
      text,
    });
  }

  const server = await startFakeServer((request) => {
    const path = request.url.pathname;
    const get = request.method === 'GET';
    const post = request.method === 'POST';
    // AUTH: "https://www.tiktok.com/v2/auth/authorize?{parameters}".
    if (get && (path === '/v2/auth/authorize' || path === '/v2/auth/authorize/')) return authorize(request);
    if (post && path === `${PREFIX}/tt_user/oauth2/token/`) return tokenEndpoint(request);
    if (post && path === `${PREFIX}/tt_user/oauth2/refresh_token/`) return refreshEndpoint(request);
    if (get && path === `${PREFIX}/business/get/`) return profile(request);
    if (get && path === `${PREFIX}/business/video/list/`) return videoList(request);
    // API v1.3: list endpoints are GET (v1.2's were POST).
    if (get && path === `${PREFIX}/business/comment/list/`) return commentList(request);
    if (post && path === `${PREFIX}/business/comment/reply/create/`) return replyCreate(request);
    return { status: 404, body: { code: 40400, message: `Unknown path ${path}`, request_id: requestId() } };
  }, options.port);

  return {
    url: server.url,
    /** The base of the app's TikTok account holder authorization URL (what TIKTOK_BUSINESS_AUTH_URL holds). */
    authorizationUrl: `${server.url}/v2/auth/authorize`,
    state,
    appId,
    secret,
    stop: server.stop,
    /**
     * Registers a TikTok account holder redirect URL (AUTH formatting rules: absolute, ending with "/", no query,
     * no "#", 10 to 512 characters; "https://" and "no port" are not enforced, the fake serves 127.0.0.1).
     */
    registerRedirectUri(uri: string): void {
      const url = new URL(uri);
      if (!uri.endsWith('/') || url.search || url.hash || uri.length < 10 || uri.length > 512)
        throw new Error(`not a valid TikTok account holder redirect URL: ${uri}`);
      state.redirectUris.add(uri);
    },
    /** Lifetime of access tokens issued from now on. */
    setAccessTtl(seconds: number): void {
      accessTtl = seconds;
    },
    addAccount(openId: string, displayName = openId): void {
      state.accounts.set(openId, { openId, displayName, username: openId.replace(/\W/g, '').toLowerCase() });
    },
    addVideo(openId: string, video: { id: string; caption: string; createTime: number }): void {
      state.videos.set(openId, [
        ...(state.videos.get(openId) ?? []),
        { item_id: video.id, caption: video.caption, create_time: video.createTime, comments: [] },
      ]);
    },
    /** A comment under one of the account's videos, by a fan (or by the account itself with `owner`). */
    addComment(
      openId: string,
      videoId: string,
      comment: {
        id?: string;
        from: { id: string; username: string; displayName?: string };
        text: string;
        createTime: number;
        likes?: number;
        owner?: boolean;
        hidden?: boolean;
      },
    ): FakeBusinessComment {
      const video = state.videos.get(openId)?.find((v) => v.item_id === videoId);
      if (!video) throw new Error(`no video ${videoId}`);
      const added: FakeBusinessComment = {
        comment_id: comment.id ?? commentId(),
        video_id: videoId,
        user_id: userIdOf(comment.from.id),
        unique_identifier: `uid-${comment.from.id}`,
        create_time: comment.createTime,
        text: comment.text,
        likes: comment.likes ?? 0,
        owner: comment.owner ?? false,
        status: comment.hidden ? 'HIDDEN' : 'PUBLIC',
        username: comment.from.username,
        display_name: comment.from.displayName ?? comment.from.username,
        profile_image: `https://p16-sign-va.tiktokcdn.com/${comment.from.username}.jpeg`,
        reply_list: [],
      };
      video.comments.push(added);
      return added;
    },
    /** The account holder revokes the app in the TikTok app: every token of theirs stops working. */
    revoke(openId: string): void {
      for (const [key, grant] of state.accessTokens)
        if (grant.openId === openId) state.accessTokens.delete(key);
      for (const [key, grant] of state.refreshTokens)
        if (grant.openId === openId) state.refreshTokens.delete(key);
      state.authorized.delete(openId);
    },
    /** Makes the next `count` calls to an endpoint fail with `fault`. */
    failNext(endpoint: Endpoint, fault: Fault, count = 1): void {
      state.faults.set(endpoint, [...(state.faults.get(endpoint) ?? []), ...Array(count).fill(fault)]);
    },
  };
}

export type FakeTikTokBusiness = Awaited<ReturnType<typeof startFakeTikTokBusiness>>;
