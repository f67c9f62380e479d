import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stateful fake of the Meta Graph API and the Facebook Login dialog, over real HTTP, speaking Graph's shapes
 * and error codes (https://developers.facebook.com/docs/graph-api/guides/error-handling). Self-contained (no
 * test-runner imports) so the local stage can also run it as the simulated Meta. Paths accept any /vNN.N/
 * prefix, or none.
 *
 * Strictness: every Graph call needs a valid token (Bearer header or access_token query) — 190 when unknown,
 * expired (463) or revoked (460); page tokens only act for their own Page / Instagram account (#200); code
 * exchange checks client_id, client_secret and the exact redirect_uri; tokens carry the permissions the person
 * granted in the dialog, and comment replies and the Send API refuse a token without theirs (#200); the Send
 * API enforces the 24-hour window, the 7-day private-reply window, one private reply per comment, and private
 * replies on the Page's own path only. Token lifetimes are Meta's: short-lived user tokens last hours, the
 * long-lived exchange about 60 days, a Page token 1 hour when listed with a short-lived user token and never
 * when listed with a long-lived one, and data access ends 90 days after the person granted it
 * (debug_token reports both).
 *
 * It also serves the hosts of the Instagram API with Instagram Login on a second port (`instagramUrl`: it
 * stands for www.instagram.com, api.instagram.com and graph.instagram.com, whose paths do not overlap), over the
 * same Instagram accounts, media, comments and conversations — see the "Instagram Login" section below.
 */
export interface FakeMetaGraphOptions {
  appId?: string;
  appSecret?: string;
  /**
   * The Instagram app of the Meta app (App Dashboard > Instagram > API setup with Instagram login > Business
   * login settings: its own "Instagram App ID" and "Instagram app secret",
   * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login).
   */
  instagramAppId?: string;
  instagramAppSecret?: string;
  now?: () => Date;
  /** 'approve' (default) redirects back with a code; 'deny' with error=access_denied. */
  consent?: 'approve' | 'deny';
  /**
   * Whether the app was granted the Human Agent feature (default false): only then does the Send API accept
   * `messaging_type: MESSAGE_TAG, tag: HUMAN_AGENT`, and it then allows a reply up to 7 days after the person's
   * last message (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages ,
   * PROVIDERS.md §1.7: "Needs Advanced Access / Human Agent feature approval").
   */
  humanAgent?: boolean;
}

export interface FakeComment {
  id: string;
  mediaId: string;
  text: string;
  timestamp: string;
  from: { id: string; username: string };
  parentId?: string;
  privateReplied: boolean;
}

/**
 * A post, reel or live video. Instagram fields are the IG Media node's
 * (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media : media_type IMAGE, VIDEO or
 * CAROUSEL_ALBUM; thumbnail_url only on VIDEO; timestamp ISO 8601); a Page post answers with the Page Post node's
 * message, created_time, full_picture and permalink_url
 * (https://developers.facebook.com/docs/graph-api/reference/page/published_posts/).
 */
export interface FakeMedia {
  id: string;
  timestamp: string;
  caption?: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  mediaProductType: 'FEED' | 'REELS' | 'STORY' | 'AD';
  mediaUrl?: string;
  /** A live video: only listed (live_media) while it is broadcast. */
  live?: boolean;
}

export interface FakeConversation {
  id: string;
  /** The Page or Instagram account the conversation belongs to. */
  accountId: string;
  platform: 'instagram' | 'messenger';
  participant: { id: string; username: string };
  messages: Array<{
    id: string;
    created_time: string;
    from: { id: string; username?: string };
    message: string;
    /** A story mention: https://developers.facebook.com/docs/messenger-platform/instagram/features/story-mention */
    story?: { mention: { link: string; id: string } };
  }>;
}

export interface SentMessage {
  kind: 'dm' | 'private_reply' | 'reply';
  /** The Page / IG id the call was made on, or the comment replied to. */
  on: string;
  recipient: string;
  text: string;
  id: string;
  body: unknown;
}

interface TokenRecord {
  /** ig_short / ig_long: Instagram User access tokens of the Instagram Login, good on graph.instagram.com only. */
  kind: 'user_short' | 'user_long' | 'page' | 'ig_short' | 'ig_long';
  pageId?: string;
  /** The Instagram professional account an Instagram Login token acts for (its IG ID, the webhooks' entry id). */
  igUserId?: string;
  expiresAt: number | null;
  revoked: boolean;
  /** The permissions the person granted (the dialog's `scope`, or the configuration's with config_id). */
  scopes: string[];
  /** When the app's data access ends (debug_token `data_access_expires_at`). */
  dataAccessExpiresAt: number;
  issuedAt: number;
}

interface Fault {
  remaining: number;
  status: number;
  code?: number;
  subcode?: number;
  message?: string;
  headers?: Record<string, string>;
}

export interface FakeMetaGraphState {
  tokens: Map<string, TokenRecord>;
  codes: Map<
    string,
    {
      redirectUri: string;
      used: boolean;
      scopes: string[];
      /** An Instagram Login code: the account that granted it, and when (valid for 1 hour). */
      instagram?: { igUserId: string; issuedAt: number };
    }
  >;
  /**
   * Instagram professional accounts with no Facebook Page, reached through the Instagram Login only (an account
   * behind a Page, `pages[].instagram`, can use either login).
   */
  instagramAccounts: Map<string, { id: string; username: string }>;
  /** The webhook fields an Instagram Login enabled per account (POST /me/subscribed_apps). */
  instagramSubscriptions: Map<string, string>;
  /** Who logs in on the next Instagram authorization window (default: the account added last). */
  instagramLogin: string | null;
  pages: Map<
    string,
    {
      id: string;
      name: string;
      token: string;
      instagram?: { id: string; username: string };
      subscribedFields: string | null;
      /** The person's role on the Page came through Business Manager (then ads_read or ads_management is needed). */
      roleViaBusinessManager: boolean;
    }
  >;
  /** Posts per owner: an Instagram account's media, or a Facebook Page's published posts. */
  media: Map<string, FakeMedia[]>;
  comments: Map<string, FakeComment>;
  /** Comments on other accounts' posts that @mention one of ours, by comment id (the Mentions API's view). */
  mentionedComments: Map<
    string,
    { id: string; mentionedId: string; mediaId: string; text: string; username: string; timestamp: string }
  >;
  conversations: Map<string, FakeConversation>;
  sent: SentMessage[];
  unavailableUsers: Set<string>;
  requests: Array<{
    /** graph.facebook.com (and the Facebook Login dialog) or the Instagram Login's hosts. */
    host: Host;
    method: string;
    path: string;
    query: Record<string, string>;
    authorization: string | null;
  }>;
  faults: Fault[];
  /** Seeded random faults (see `randomFaults`), applied after the scripted `faults`. */
  randomFault: RandomFault | null;
  /** How many Graph calls failed through a scripted or random fault. */
  injectedFaults: number;
}

/** A Graph call as the random-fault knob sees it (body: the parsed JSON or form body). */
export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

interface RandomFault {
  rate: (call: GraphCall) => number;
  next: () => number;
  fault: Omit<Fault, 'remaining'>;
}

/** mulberry32: a tiny seeded PRNG, so a fault pattern replays identically for the same seed and call order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived (sample expires_in)
const LONG_LIVED_SECONDS = 5_183_944;
// "short-lived, expiring in hours" (same page); 1 hour for a Page token from a short-lived user token:
// https://developers.facebook.com/docs/pages/access-tokens/
const SHORT_LIVED_SECONDS = 2 * 3600;
const SHORT_PAGE_TOKEN_MS = 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
// "The expiration period for data access is 90 days": https://developers.facebook.com/docs/facebook-login/auth-vs-data
const DATA_ACCESS_MS = 90 * DAY_MS;
// Instagram Login (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login):
// the code "is valid for 1 hour and can only be used once"; short-lived tokens "expire in one hour"
// (https://developers.facebook.com/docs/instagram-platform/reference/access_token); long-lived ones 60 days
// (the sample expires_in); a refresh needs a token "at least 24 hours old".
const IG_CODE_MS = 3600 * 1000;
const IG_SHORT_LIVED_SECONDS = 3600;
const IG_LONG_LIVED_SECONDS = 5_183_944;
const IG_REFRESH_MIN_AGE_MS = DAY_MS;

type Host = 'facebook' | 'instagram';
const isInstagramToken = (record: TokenRecord) => record.kind === 'ig_short' || record.kind === 'ig_long';
/** The Instagram-scoped user id of an account for this app (not its IG ID): a stable, distinct number. */
const scopedIdOf = (igId: string) => `2${igId.slice(-15).padStart(15, '0')}`;
/** Every permission Flow IA could need: what a Page added with addPage() (and a config_id login) grants. */
export const ALL_META_SCOPES = [
  'pages_show_list',
  'pages_manage_metadata',
  'pages_messaging',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_manage_messages',
  'instagram_manage_comments',
  'ads_read',
  'ads_management',
  'business_management',
];

export async function startFakeMetaGraph(options: FakeMetaGraphOptions = {}) {
  const appId = options.appId ?? 'fake-meta-app';
  const appSecret = options.appSecret ?? 'fake-meta-secret';
  const instagramAppId = options.instagramAppId ?? 'fake-instagram-app';
  const instagramAppSecret = options.instagramAppSecret ?? 'fake-instagram-secret';
  const now = options.now ?? (() => new Date());
  let consent = options.consent ?? 'approve';
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++sequence).toString(36)}`;
  const newToken = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

  const state: FakeMetaGraphState = {
    tokens: new Map(),
    codes: new Map(),
    instagramAccounts: new Map(),
    instagramSubscriptions: new Map(),
    instagramLogin: null,
    pages: new Map(),
    media: new Map(),
    comments: new Map(),
    mentionedComments: new Map(),
    conversations: new Map(),
    sent: [],
    unavailableUsers: new Set(),
    requests: [],
    faults: [],
    randomFault: null,
    injectedFaults: 0,
  };

  const serve = (host: Host) =>
    createServer((request, response) => {
      handle(request, response, host).catch((error: Error) => {
        send(response, 500, { error: { message: error.message, type: 'FakeError', code: 2 } });
      });
    });
  const server = serve('facebook');
  const instagramServer = serve('instagram');

  async function handle(request: IncomingMessage, response: ServerResponse, host: Host): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent)
      .filter((segment, i) => !(i === 0 && /^v\d+\.\d+$/.test(segment)));
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(request);
    const body = parseBody(raw, request.headers['content-type']);
    state.requests.push({
      host,
      method,
      path: `/${segments.join('/')}`,
      query,
      authorization: request.headers.authorization ?? null,
    });

    if (host === 'facebook' && segments[0] === 'dialog' && segments[1] === 'oauth')
      return dialog(response, query);
    if (host === 'facebook' && segments[0] === 'oauth' && segments[1] === 'access_token')
      return accessToken(response, query);
    if (host === 'instagram') {
      const [a, b] = segments;
      if (a === 'oauth' && b === 'authorize' && method === 'GET') return instagramAuthorize(response, query);
      if (a === 'oauth' && b === 'access_token' && method === 'POST')
        return instagramCodeExchange(response, body);
      if (a === 'access_token' && b === undefined && method === 'GET')
        return instagramLongLived(response, query);
      if (a === 'refresh_access_token' && b === undefined && method === 'GET')
        return instagramRefresh(response, query);
    }

    const path = `/${segments.join('/')}`;
    const random = state.randomFault;
    const rate = random?.rate({ method, path, body }) ?? 0;
    const fault =
      state.faults[0] ?? (rate > 0 && random!.next() < rate ? { ...random!.fault, remaining: 1 } : undefined);
    if (fault) {
      state.injectedFaults += 1;
      if (fault === state.faults[0]) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) state.faults.shift();
      }
      return graphError(
        response,
        fault.status,
        fault.code ?? 2,
        fault.message ?? 'Fault injected',
        fault.subcode,
        fault.headers,
      );
    }

    if (host === 'facebook' && segments.length === 1 && segments[0] === 'debug_token' && method === 'GET')
      return debugToken(response, request.headers.authorization, query);

    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/)?.[1];
    const token = bearer ?? query.access_token ?? (body.access_token as string | undefined);
    const record = token ? state.tokens.get(token) : undefined;
    if (!token || !record)
      return graphError(
        response,
        400,
        190,
        'Invalid OAuth access token - Cannot parse access token',
        undefined,
      );
    if (record.revoked)
      return graphError(
        response,
        400,
        190,
        'Error validating access token: The user has changed their password.',
        460,
      );
    if (record.expiresAt !== null && record.expiresAt <= now().getTime())
      return graphError(response, 400, 190, 'Error validating access token: Session has expired.', 463);
    // Each login's tokens work on its own host only: Instagram User tokens of the Instagram Login on
    // graph.instagram.com ("All endpoints can be accessed via the graph.instagram.com host",
    // https://developers.facebook.com/docs/instagram-platform/reference/access_token), Facebook Login tokens on
    // graph.facebook.com. Graph cannot parse the other's token: 190.
    if ((host === 'instagram') !== isInstagramToken(record))
      return graphError(
        response,
        400,
        190,
        'Invalid OAuth access token - Cannot parse access token',
        undefined,
      );

    const [named, edge, extra] = segments;
    if (!named || extra !== undefined) return unknownPath(response, url.pathname);
    let first = named;
    if (host === 'instagram' && first === 'me') {
      // GET /me?fields=user_id,username: the Instagram professional account of the token
      // (https://developers.facebook.com/docs/instagram-platform/reference/me).
      if (edge === undefined && method === 'GET') return instagramMe(response, record, query);
      first = record.igUserId ?? first;
    }
    if (host === 'instagram' && edge === 'subscribed_apps')
      return instagramSubscribe(response, record, first, method, { ...query, ...body });
    if (first === 'me' && edge === 'accounts' && method === 'GET') return accounts(response, record);
    if (edge === undefined && method === 'GET') return node(response, record, first, query);
    if (edge === 'mentions' && method === 'POST')
      return replyToMention(response, record, first, { ...query, ...body });
    if (edge === 'subscribed_apps') return subscribe(response, record, first, method, { ...query, ...body });
    if ((edge === 'media' || edge === 'published_posts') && method === 'GET')
      return mediaList(response, record, first, query, edge);
    if (edge === 'comments' && method === 'GET') return commentList(response, record, first);
    if ((edge === 'comments' || edge === 'replies') && method === 'POST')
      return replyToComment(response, record, first, body);
    if (edge === 'conversations' && method === 'GET') return conversationList(response, record, first, query);
    if (edge === 'messages' && method === 'GET') return messageList(response, record, first, query);
    if (edge === 'messages' && method === 'POST') return sendMessage(response, record, first, body);
    return unknownPath(response, url.pathname);
  }

  // ── Facebook Login ──────────────────────────────────────────────────────────
  function dialog(response: ServerResponse, query: Record<string, string>) {
    if (query.client_id !== appId || !query.redirect_uri) {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end('<h1>Invalid App ID or redirect_uri</h1>');
      return;
    }
    const back = new URL(query.redirect_uri);
    if (consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_reason', 'user_denied');
    } else {
      const code = `code-${randomBytes(12).toString('base64url')}`;
      // With a Login for Business configuration (config_id) the permissions are the configuration's.
      const scopes = query.scope ? query.scope.split(',').filter(Boolean) : ALL_META_SCOPES;
      state.codes.set(code, { redirectUri: query.redirect_uri, used: false, scopes });
      back.searchParams.set('code', code);
    }
    if (query.state !== undefined) back.searchParams.set('state', query.state);
    response.writeHead(302, { location: back.toString() });
    response.end();
  }

  function accessToken(response: ServerResponse, query: Record<string, string>) {
    if (query.client_id !== appId || query.client_secret !== appSecret)
      return graphError(
        response,
        400,
        101,
        'Error validating application. Invalid application ID or secret.',
        undefined,
      );
    if (query.grant_type === 'fb_exchange_token') {
      const current = state.tokens.get(query.fb_exchange_token ?? '');
      if (!current || current.kind === 'page' || current.revoked)
        return graphError(response, 400, 190, 'Invalid OAuth access token.', 467);
      if (current.expiresAt !== null && current.expiresAt <= now().getTime())
        return graphError(response, 400, 190, 'Error validating access token: Session has expired.', 463);
      const token = newToken('EAAL');
      state.tokens.set(token, {
        kind: 'user_long',
        expiresAt: now().getTime() + LONG_LIVED_SECONDS * 1000,
        revoked: false,
        scopes: current.scopes,
        dataAccessExpiresAt: current.dataAccessExpiresAt,
        issuedAt: now().getTime(),
      });
      return send(response, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: LONG_LIVED_SECONDS,
      });
    }
    const grant = state.codes.get(query.code ?? '');
    if (!grant) return graphError(response, 400, 100, 'Invalid verification code format.', 36007);
    if (grant.used) return graphError(response, 400, 100, 'This authorization code has been used.', 36009);
    if (grant.redirectUri !== query.redirect_uri)
      return graphError(
        response,
        400,
        100,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        36008,
      );
    grant.used = true;
    const token = newToken('EAAS');
    state.tokens.set(token, {
      kind: 'user_short',
      expiresAt: now().getTime() + SHORT_LIVED_SECONDS * 1000,
      revoked: false,
      scopes: grant.scopes,
      dataAccessExpiresAt: now().getTime() + DATA_ACCESS_MS,
      issuedAt: now().getTime(),
    });
    send(response, 200, { access_token: token, token_type: 'bearer', expires_in: SHORT_LIVED_SECONDS });
  }

  /**
   * GET /debug_token?input_token=… with an app access token ({app-id}|{app-secret}), as documented:
   * https://developers.facebook.com/docs/graph-api/reference/debug_token ; response shape (data.expires_at and
   * data.data_access_expires_at in unix seconds, 0 = never expires):
   * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging
   */
  function debugToken(
    response: ServerResponse,
    authorization: string | undefined,
    query: Record<string, string>,
  ) {
    const appToken = authorization?.match(/^Bearer\s+(\S+)$/)?.[1] ?? query.access_token;
    if (appToken !== `${appId}|${appSecret}`)
      return graphError(
        response,
        400,
        190,
        'Invalid OAuth access token - Cannot parse access token',
        undefined,
      );
    if (!query.input_token)
      return graphError(response, 400, 100, '(#100) The parameter input_token is required', undefined);
    const record = state.tokens.get(query.input_token);
    const seconds = (ms: number | null) => (ms === null ? 0 : Math.floor(ms / 1000));
    if (!record)
      return send(response, 200, {
        data: {
          is_valid: false,
          scopes: [],
          error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' },
        },
      });
    const expired = record.expiresAt !== null && record.expiresAt <= now().getTime();
    send(response, 200, {
      data: {
        app_id: appId,
        type: record.kind === 'page' ? 'PAGE' : 'USER',
        application: 'Flow IA (fake)',
        data_access_expires_at: seconds(record.dataAccessExpiresAt),
        expires_at: seconds(record.expiresAt),
        is_valid: !record.revoked && !expired,
        issued_at: seconds(record.issuedAt),
        ...(record.pageId ? { profile_id: record.pageId } : {}),
        scopes: record.scopes,
        user_id: 'fake-user-1',
      },
    });
  }

  /**
   * Permissions per endpoint, from Meta's references:
   *   replies  https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
   *            (instagram_basic, instagram_manage_comments, pages_show_list, pages_read_engagement; "if the token is
   *            from a User whose Page role was granted via the Business Manager", ads_management or ads_read)
   *   DMs      https://developers.facebook.com/docs/messenger-platform/instagram/get-started (instagram_manage_messages)
   *            and https://developers.facebook.com/docs/messenger-platform/send-messages (pages_messaging)
   *   private  https://developers.facebook.com/docs/messenger-platform/instagram/features/private-replies
   *   replies  (instagram_manage_comments and pages_messaging)
   * A missing one answers #200 "Requires … permission", the documented permission range (200-299).
   */
  function missingPermission(
    response: ServerResponse,
    record: TokenRecord,
    needed: string[],
    anyOf: string[] = [],
  ): boolean {
    const missing = needed.find((scope) => !record.scopes.includes(scope));
    const lacksAny = anyOf.length > 0 && !anyOf.some((scope) => record.scopes.includes(scope));
    if (!missing && !lacksAny) return false;
    graphError(
      response,
      403,
      200,
      `(#200) Requires ${missing ?? anyOf.join(' or ')} permission to manage the object`,
      undefined,
    );
    return true;
  }

  // ── Instagram Login (www.instagram.com, api.instagram.com, graph.instagram.com) ──
  // https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
  /**
   * GET /oauth/authorize: client_id (the Instagram App ID), redirect_uri, response_type=code and a scope that
   * includes instagram_business_basic ("instagram_basic or instagram_business_basic is required",
   * https://developers.facebook.com/docs/instagram-platform/reference/oauth-authorize). Back to redirect_uri
   * with `code` (valid 1 hour, single use) and `#_` appended, or with error=access_denied,
   * error_reason=user_denied, error_description=The+user+denied+your+request when the person cancels.
   */
  function instagramAuthorize(response: ServerResponse, query: Record<string, string>) {
    const scopes = (query.scope ?? '').split(/[,\s]+/).filter(Boolean);
    const igUserId = state.instagramLogin;
    if (
      query.client_id !== instagramAppId ||
      !query.redirect_uri ||
      query.response_type !== 'code' ||
      !scopes.includes('instagram_business_basic') ||
      !igUserId
    ) {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end('<h1>Invalid Request: Invalid client_id, redirect_uri, response_type or scope</h1>');
      return;
    }
    const back = new URL(query.redirect_uri);
    if (consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_reason', 'user_denied');
      back.searchParams.set('error_description', 'The user denied your request');
    } else {
      const code = `AQ${randomBytes(16).toString('base64url')}`;
      state.codes.set(code, {
        redirectUri: query.redirect_uri,
        used: false,
        scopes,
        instagram: { igUserId, issuedAt: now().getTime() },
      });
      back.searchParams.set('code', code);
      back.hash = '_';
    }
    if (query.state !== undefined) back.searchParams.set('state', query.state);
    response.writeHead(302, { location: back.toString() });
    response.end();
  }

  /** api.instagram.com's errors are not Graph's: `{ error_type, code, error_message }` (same page, rejected response). */
  function instagramOAuthError(response: ServerResponse, message: string) {
    send(response, 400, { error_type: 'OAuthException', code: 400, error_message: message });
  }

  /**
   * POST /oauth/access_token (form body): client_id, client_secret, grant_type=authorization_code, the same
   * redirect_uri ("This must be the same URI or we will reject the request") and the code, once, within the
   * hour. Answers the documented `{ data: [{ access_token, user_id, permissions }] }`: a short-lived Instagram
   * User token (1 hour), the Instagram-scoped user id and the granted permissions, comma-separated.
   */
  function instagramCodeExchange(response: ServerResponse, body: Record<string, unknown>) {
    if (body.client_id !== instagramAppId || body.client_secret !== instagramAppSecret)
      return instagramOAuthError(response, 'Invalid platform app');
    if (body.grant_type !== 'authorization_code')
      return instagramOAuthError(response, 'Unsupported grant_type');
    const grant = state.codes.get(typeof body.code === 'string' ? body.code : '');
    const login = grant?.instagram;
    if (!grant || !login || grant.used || now().getTime() - login.issuedAt > IG_CODE_MS)
      return instagramOAuthError(response, 'Matching code was not found or was already used');
    if (grant.redirectUri !== body.redirect_uri)
      return instagramOAuthError(
        response,
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      );
    grant.used = true;
    const token = newToken('IGAA');
    state.tokens.set(token, {
      kind: 'ig_short',
      igUserId: login.igUserId,
      expiresAt: now().getTime() + IG_SHORT_LIVED_SECONDS * 1000,
      revoked: false,
      scopes: grant.scopes,
      dataAccessExpiresAt: now().getTime() + DATA_ACCESS_MS,
      issuedAt: now().getTime(),
    });
    send(response, 200, {
      data: [
        { access_token: token, user_id: scopedIdOf(login.igUserId), permissions: grant.scopes.join(',') },
      ],
    });
  }

  /** The record of a valid Instagram User token given as `access_token`, or the error Graph answers. */
  function instagramTokenOf(response: ServerResponse, token: string | undefined): TokenRecord | undefined {
    const record = token ? state.tokens.get(token) : undefined;
    if (!record || !isInstagramToken(record)) {
      graphError(response, 400, 190, 'Invalid OAuth access token - Cannot parse access token', undefined);
      return undefined;
    }
    if (record.revoked) {
      graphError(
        response,
        400,
        190,
        'Error validating access token: The user has changed their password.',
        460,
      );
      return undefined;
    }
    // "The valid (unexpired) … token" for both the exchange and the refresh.
    if (record.expiresAt !== null && record.expiresAt <= now().getTime()) {
      graphError(response, 400, 190, 'Error validating access token: Session has expired.', 463);
      return undefined;
    }
    return record;
  }

  function longLivedToken(from: TokenRecord) {
    const token = newToken('IGAA');
    state.tokens.set(token, {
      kind: 'ig_long',
      igUserId: from.igUserId!,
      expiresAt: now().getTime() + IG_LONG_LIVED_SECONDS * 1000,
      revoked: false,
      scopes: from.scopes,
      dataAccessExpiresAt: from.dataAccessExpiresAt,
      issuedAt: now().getTime(),
    });
    return { access_token: token, token_type: 'bearer', expires_in: IG_LONG_LIVED_SECONDS };
  }

  /**
   * GET /access_token?grant_type=ig_exchange_token&client_secret=…&access_token=<short-lived>: a long-lived token
   * of 60 days (sample expires_in 5183944), from a valid short-lived one only
   * (https://developers.facebook.com/docs/instagram-platform/reference/access_token).
   */
  function instagramLongLived(response: ServerResponse, query: Record<string, string>) {
    if (query.grant_type !== 'ig_exchange_token')
      return graphError(response, 400, 100, '(#100) grant_type must be ig_exchange_token', undefined);
    if (query.client_secret !== instagramAppSecret)
      return graphError(response, 400, 101, 'Error validating client secret.', undefined);
    const record = instagramTokenOf(response, query.access_token);
    if (!record) return;
    if (record.kind !== 'ig_short')
      return graphError(response, 400, 100, '(#100) A short-lived access token is required', undefined);
    send(response, 200, longLivedToken(record));
  }

  /**
   * GET /refresh_access_token?grant_type=ig_refresh_token&access_token=<long-lived>: "Refresh a long-lived access
   * token that is at least 24 hours old but has not expired. Refreshed tokens are valid for 60 days from the date
   * at which they are refreshed"; needs instagram_business_basic
   * (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token). Meta's wording
   * for a token refreshed too early is not documented: the invalid-parameter code (#100) stands for it.
   */
  function instagramRefresh(response: ServerResponse, query: Record<string, string>) {
    if (query.grant_type !== 'ig_refresh_token')
      return graphError(response, 400, 100, '(#100) grant_type must be ig_refresh_token', undefined);
    const record = instagramTokenOf(response, query.access_token);
    if (!record) return;
    if (record.kind !== 'ig_long')
      return graphError(
        response,
        400,
        100,
        '(#100) Only a long-lived access token can be refreshed',
        undefined,
      );
    if (now().getTime() - record.issuedAt < IG_REFRESH_MIN_AGE_MS)
      return graphError(
        response,
        400,
        100,
        '(#100) The access token must be at least 24 hours old to be refreshed',
        undefined,
      );
    if (missingPermission(response, record, ['instagram_business_basic'])) return;
    send(response, 200, longLivedToken(record));
  }

  /** GET /me?fields=user_id,username: the professional account's IG ID (`user_id`), its username, `id` app-scoped. */
  function instagramMe(response: ServerResponse, record: TokenRecord, query: Record<string, string>) {
    const account = instagramOf(record.igUserId ?? '');
    if (!account) return unknownObject(response, 'me');
    const all: Record<string, unknown> = {
      id: scopedIdOf(account.id),
      user_id: account.id,
      username: account.username,
      account_type: 'BUSINESS',
    };
    const fields = (query.fields ?? 'id').split(',').map((f) => f.trim());
    send(response, 200, Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])));
  }

  /**
   * POST /me/subscribed_apps?subscribed_fields=…: the account's webhooks are delivered only once the app enables
   * them with the account's token (https://developers.facebook.com/docs/instagram-platform/webhooks); GET lists them.
   */
  function instagramSubscribe(
    response: ServerResponse,
    record: TokenRecord,
    igId: string,
    method: string,
    params: Record<string, unknown>,
  ) {
    if (!instagramOf(igId)) return unknownObject(response, igId);
    if (!mayActOn(record, igId)) return permissionError(response);
    if (method === 'POST') {
      if (typeof params.subscribed_fields !== 'string' || params.subscribed_fields === '')
        return graphError(
          response,
          400,
          100,
          '(#100) The parameter subscribed_fields is required',
          undefined,
        );
      state.instagramSubscriptions.set(igId, params.subscribed_fields);
      return send(response, 200, { success: true });
    }
    const fields = state.instagramSubscriptions.get(igId);
    send(response, 200, {
      data: fields ? [{ subscribed_fields: fields.split(','), id: instagramAppId }] : [],
    });
  }

  // ── Pages and Instagram accounts ────────────────────────────────────────────
  function accounts(response: ServerResponse, record: TokenRecord) {
    if (record.kind === 'page')
      return graphError(response, 400, 100, '(#100) Tried accessing nonexisting field (accounts)', undefined);
    // A Page token lives as long as the user token it was listed with allows: 1 hour from a short-lived one,
    // no expiry from a long-lived one (https://developers.facebook.com/docs/pages/access-tokens/), and carries
    // that login's permissions. Each listing issues fresh tokens (a new login never leaves a dead one behind);
    // the latest non-expiring one is the Page's current token (`pageToken()`).
    const listed = new Map<string, string>();
    for (const page of state.pages.values()) {
      const token = newToken('EAAP');
      const lasting = record.kind === 'user_long';
      state.tokens.set(token, {
        kind: 'page',
        pageId: page.id,
        expiresAt: lasting ? null : now().getTime() + SHORT_PAGE_TOKEN_MS,
        revoked: false,
        issuedAt: now().getTime(),
        scopes: record.scopes,
        dataAccessExpiresAt: record.dataAccessExpiresAt,
      });
      if (lasting) page.token = token;
      listed.set(page.id, token);
    }
    send(response, 200, {
      data: [...state.pages.values()].map((page) => ({
        id: page.id,
        name: page.name,
        access_token: listed.get(page.id),
        category: 'Shopping & retail',
        tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
      })),
      paging: { cursors: { before: 'b', after: 'a' } },
    });
  }

  function node(response: ServerResponse, record: TokenRecord, id: string, query: Record<string, string>) {
    const page = state.pages.get(id);
    if (page) {
      if (!mayActOn(record, id)) return permissionError(response);
      const out: Record<string, unknown> = { id: page.id };
      const fields = query.fields ?? 'id,name';
      if (fields.includes('name')) out.name = page.name;
      if (fields.includes('instagram_business_account') && page.instagram)
        out.instagram_business_account = fields.includes('username')
          ? { id: page.instagram.id, username: page.instagram.username }
          : { id: page.instagram.id };
      return send(response, 200, out);
    }
    const instagram = instagramOf(id);
    if (instagram) {
      if (!mayActOn(record, id)) return permissionError(response);
      const mentioned = query.fields?.match(/^mentioned_comment\.comment_id\(([^)]+)\)\{([^}]*)\}$/);
      if (mentioned && !isInstagramToken(record))
        return mentionedComment(response, id, mentioned[1]!, mentioned[2]!.split(','));
      return send(response, 200, { id, username: instagram.username });
    }
    // GET /{ig-media-id}?fields=… or /{page-post-id}?fields=…: one post, with the same fields as the list.
    const mediaOwner = ownerOfMedia(id);
    const media = mediaOwner ? state.media.get(mediaOwner)?.find((m) => m.id === id) : undefined;
    if (mediaOwner && media) {
      if (!mayActOn(record, mediaOwner)) return permissionError(response);
      const fields = (query.fields ?? 'id').split(',').map((f) => f.trim());
      return send(
        response,
        200,
        state.pages.has(mediaOwner)
          ? pagePostFields(mediaOwner, media, fields)
          : mediaFields(mediaOwner, media, fields),
      );
    }
    unknownObject(response, id);
  }

  function subscribe(
    response: ServerResponse,
    record: TokenRecord,
    pageId: string,
    method: string,
    params: Record<string, unknown>,
  ) {
    const page = state.pages.get(pageId);
    if (!page) return unknownObject(response, pageId);
    if (record.kind !== 'page' || record.pageId !== pageId)
      return graphError(
        response,
        400,
        210,
        '(#210) A page access token is required to request this resource.',
        undefined,
      );
    if (method === 'POST') {
      if (typeof params.subscribed_fields !== 'string' || params.subscribed_fields === '')
        return graphError(
          response,
          400,
          100,
          '(#100) The parameter subscribed_fields is required',
          undefined,
        );
      page.subscribedFields = params.subscribed_fields;
      return send(response, 200, { success: true });
    }
    if (method === 'DELETE') {
      page.subscribedFields = null;
      return send(response, 200, { success: true });
    }
    send(response, 200, {
      data: page.subscribedFields ? [{ id: appId, subscribed_fields: page.subscribedFields.split(',') }] : [],
    });
  }

  /**
   * GET /{ig-user-id}/media (IG User Media) and GET /{page-id}/published_posts: newest first, cursor-paged as Graph
   * pages an edge (https://developers.facebook.com/docs/graph-api/results/ : `limit`, `after`/`before` cursors,
   * `paging.next` only when a next page exists), `fields` chosen per node, 25 items by default. Live videos are not
   * in /media (IG User Live Media lists them while broadcast:
   * https://developers.facebook.com/docs/instagram-api/reference/ig-user/live_media). An unknown cursor is #100.
   */
  function mediaList(
    response: ServerResponse,
    record: TokenRecord,
    ownerId: string,
    query: Record<string, string>,
    edge: 'media' | 'published_posts',
  ) {
    const isPage = edge === 'published_posts';
    if (isPage ? !state.pages.has(ownerId) : !instagramOf(ownerId)) return unknownObject(response, ownerId);
    if (!mayActOn(record, ownerId)) return permissionError(response);
    // Instagram Login: GET /<IG_ID>/media needs instagram_business_basic
    // (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started).
    if (isInstagramToken(record) && missingPermission(response, record, ['instagram_business_basic'])) return;
    const list = (state.media.get(ownerId) ?? [])
      .filter((m) => !m.live)
      .toSorted((a, b) => b.timestamp.localeCompare(a.timestamp) || b.id.localeCompare(a.id));
    const limit = Math.min(Math.max(Number(query.limit ?? 25) || 25, 1), 100);
    let start = 0;
    if (query.after !== undefined) {
      const index = list.findIndex((m) => cursorOf(m.id) === query.after);
      if (index < 0) return graphError(response, 400, 100, '(#100) Invalid after cursor', undefined);
      start = index + 1;
    }
    const page = list.slice(start, start + limit);
    const fields = (query.fields ?? 'id').split(',').map((f) => f.trim());
    const data = page.map((m) =>
      isPage ? pagePostFields(ownerId, m, fields) : mediaFields(ownerId, m, fields),
    );
    const paging =
      page.length === 0
        ? {}
        : {
            cursors: { before: cursorOf(page[0]!.id), after: cursorOf(page.at(-1)!.id) },
            ...(start + limit < list.length
              ? {
                  next: `https://graph.facebook.com/${ownerId}/${edge}?limit=${limit}&after=${cursorOf(page.at(-1)!.id)}`,
                }
              : {}),
          };
    send(response, 200, { data, paging });
  }

  const cursorOf = (id: string) => Buffer.from(`cursor:${id}`).toString('base64url');

  function mediaFields(ownerId: string, m: FakeMedia, fields: string[]): Record<string, unknown> {
    const username = instagramOf(ownerId)?.username ?? ownerId;
    const all: Record<string, unknown> = {
      id: m.id,
      caption: m.caption,
      media_type: m.mediaType,
      media_product_type: m.mediaProductType,
      media_url: m.mediaUrl ?? `https://scontent.cdninstagram.com/fake/${m.id}.jpg`,
      // "Only available on VIDEO media" (IG Media reference).
      thumbnail_url:
        m.mediaType === 'VIDEO' ? `https://scontent.cdninstagram.com/fake/${m.id}-thumb.jpg` : undefined,
      permalink: `https://www.instagram.com/p/${m.id.slice(-11)}/`,
      timestamp: graphTime(m.timestamp),
      username,
    };
    return Object.fromEntries(fields.filter((f) => all[f] !== undefined).map((f) => [f, all[f]]));
  }

  function pagePostFields(pageId: string, m: FakeMedia, fields: string[]): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: m.id,
      message: m.caption,
      created_time: graphTime(m.timestamp),
      full_picture: m.mediaUrl ?? `https://scontent.xx.fbcdn.net/fake/${m.id}.jpg`,
      permalink_url: `https://www.facebook.com/${pageId}/posts/${m.id.split('_').at(-1)}`,
    };
    return Object.fromEntries(fields.filter((f) => all[f] !== undefined).map((f) => [f, all[f]]));
  }

  function commentList(response: ServerResponse, record: TokenRecord, mediaId: string) {
    const igId = ownerOfMedia(mediaId);
    if (!igId) return unknownObject(response, mediaId);
    if (!mayActOn(record, igId)) return permissionError(response);
    const list = [...state.comments.values()]
      .filter((c) => c.mediaId === mediaId && !c.parentId)
      .toSorted((a, b) => b.timestamp.localeCompare(a.timestamp));
    send(response, 200, {
      data: list.map((c) => ({
        id: c.id,
        text: c.text,
        timestamp: graphTime(c.timestamp),
        username: c.from.username,
        from: { id: c.from.id, username: c.from.username },
      })),
      paging: {},
    });
  }

  function replyToComment(
    response: ServerResponse,
    record: TokenRecord,
    commentId: string,
    body: Record<string, unknown>,
  ) {
    const comment = state.comments.get(commentId);
    if (!comment) return unknownObject(response, commentId);
    const owner = ownerOfMedia(comment.mediaId)!;
    if (!mayActOn(record, owner)) return permissionError(response);
    const ownerPage = pageOfInstagram(owner);
    // Instagram Login: comment replies need instagram_business_basic and instagram_business_manage_comments
    // (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/comment-moderation).
    if (
      isInstagramToken(record) &&
      missingPermission(response, record, ['instagram_business_basic', 'instagram_business_manage_comments'])
    )
      return;
    if (
      ownerPage &&
      !isInstagramToken(record) &&
      missingPermission(
        response,
        record,
        ['instagram_basic', 'instagram_manage_comments', 'pages_show_list', 'pages_read_engagement'],
        ownerPage.roleViaBusinessManager ? ['ads_read', 'ads_management'] : [],
      )
    )
      return;
    if (typeof body.message !== 'string' || body.message === '')
      return graphError(response, 400, 100, '(#100) The parameter message is required', undefined);
    const reply: FakeComment = {
      id: nextId('1790'),
      mediaId: comment.mediaId,
      text: body.message,
      timestamp: now().toISOString(),
      from: { id: owner, username: instagramOf(owner)?.username ?? state.pages.get(owner)?.name ?? owner },
      parentId: commentId,
      privateReplied: false,
    };
    state.comments.set(reply.id, reply);
    state.sent.push({
      kind: 'reply',
      on: commentId,
      recipient: comment.from.id,
      text: body.message,
      id: reply.id,
      body,
    });
    send(response, 200, { id: reply.id });
  }

  // ── Mentions ────────────────────────────────────────────────────────────────
  /**
   * GET /{ig-user-id}?fields=mentioned_comment.comment_id({comment-id}){fields}: the IG Comment fields asked for
   * (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/mentioned_comment;
   * sample response `{ "mentioned_comment": { "timestamp", "like_count", "text", "id" }, "id" }`).
   */
  function mentionedComment(response: ServerResponse, igId: string, commentId: string, fields: string[]) {
    const comment = state.mentionedComments.get(commentId);
    if (!comment || comment.mentionedId !== igId) return unknownObject(response, commentId);
    const all: Record<string, unknown> = {
      id: comment.id,
      text: comment.text,
      timestamp: graphTime(comment.timestamp),
      username: comment.username,
      like_count: 0,
      media: { id: comment.mediaId },
    };
    const picked = Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
    send(response, 200, { mentioned_comment: picked, id: igId });
  }

  /**
   * POST /{ig-user-id}/mentions with media_id, comment_id and message: a reply under the comment that mentioned the
   * account (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/mentions:
   * media_id and message required; instagram_basic, instagram_manage_comments, pages_read_engagement).
   */
  function replyToMention(
    response: ServerResponse,
    record: TokenRecord,
    igId: string,
    params: Record<string, unknown>,
  ) {
    // The Mentions API belongs to the Instagram API with Facebook Login (Page tokens): not on graph.instagram.com.
    if (!pageOfInstagram(igId) || isInstagramToken(record)) return unknownObject(response, igId);
    if (!mayActOn(record, igId)) return permissionError(response);
    if (
      missingPermission(response, record, [
        'instagram_basic',
        'instagram_manage_comments',
        'pages_read_engagement',
      ])
    )
      return;
    const { media_id: mediaId, comment_id: commentId, message } = params;
    if (typeof mediaId !== 'string' || typeof message !== 'string' || message === '')
      return graphError(
        response,
        400,
        100,
        '(#100) The parameters media_id and message are required',
        undefined,
      );
    const comment = typeof commentId === 'string' ? state.mentionedComments.get(commentId) : undefined;
    if (commentId !== undefined && (!comment || comment.mentionedId !== igId || comment.mediaId !== mediaId))
      return graphError(response, 400, 100, '(#100) Invalid comment_id for this media', undefined);
    const id = nextId('1790');
    state.sent.push({
      kind: 'reply',
      on: typeof commentId === 'string' ? commentId : mediaId,
      recipient: comment?.username ?? mediaId,
      text: message,
      id,
      body: params,
    });
    send(response, 200, { id });
  }

  // ── Conversations and the Send API ──────────────────────────────────────────
  function conversationList(
    response: ServerResponse,
    record: TokenRecord,
    accountId: string,
    query: Record<string, string>,
  ) {
    if (!state.pages.has(accountId) && !instagramOf(accountId)) return unknownObject(response, accountId);
    if (!mayActOn(record, accountId)) return permissionError(response);
    const page = state.pages.get(accountId);
    const platform = query.platform ?? (page ? 'messenger' : 'instagram');
    const owners = new Set([accountId]);
    if (page?.instagram && platform === 'instagram') owners.add(page.instagram.id);
    const list = [...state.conversations.values()]
      .filter((c) => owners.has(c.accountId) && c.platform === platform)
      .map((c) => ({
        id: c.id,
        updated_time: graphTime(c.messages.at(-1)?.created_time ?? now().toISOString()),
      }))
      .toSorted((a, b) => b.updated_time.localeCompare(a.updated_time));
    send(response, 200, { data: list, paging: {} });
  }

  /** Graph returns only the fields asked for: a message's `story` only with `fields=…story…`. */
  function messageList(
    response: ServerResponse,
    record: TokenRecord,
    conversationId: string,
    query: Record<string, string>,
  ) {
    const conversation = state.conversations.get(conversationId);
    if (!conversation) return unknownObject(response, conversationId);
    if (!mayActOn(record, conversation.accountId)) return permissionError(response);
    const withStory = (query.fields ?? '').split(',').includes('story');
    send(response, 200, {
      data: conversation.messages
        .toSorted((a, b) => b.created_time.localeCompare(a.created_time))
        .map(({ story, ...m }) => ({
          ...m,
          created_time: graphTime(m.created_time),
          ...(withStory && story ? { story } : {}),
        })),
      paging: {},
    });
  }

  function sendMessage(
    response: ServerResponse,
    record: TokenRecord,
    on: string,
    body: Record<string, unknown>,
  ) {
    const accountId = on === 'me' ? (record.pageId ?? '') : on;
    if (!state.pages.has(accountId) && !instagramOf(accountId)) return unknownObject(response, accountId);
    if (!mayActOn(record, accountId)) return permissionError(response);
    const recipient = (body.recipient ?? {}) as { id?: string; comment_id?: string };
    const checked = checkSendMessage(body.message);
    if ('refused' in checked) return graphError(response, 400, 100, checked.refused, undefined);
    const message = { text: checked.text };
    const mid = `m_${randomBytes(10).toString('base64url')}`;

    if (recipient.comment_id) {
      // Facebook Login: private replies are sent on the Page, POST /{PAGE-ID}/messages
      // (https://developers.facebook.com/docs/messenger-platform/instagram/features/private-replies). The
      // Instagram Platform page shows /<APP_USERS_IG_ID>/messages for its own login flows; with a Page token the
      // fake refuses the Instagram account's path, as the team's provider notes require. Meta's exact message
      // for it is not documented: the documented invalid-parameter code (#100) stands for it. With an Instagram
      // Login token it is the other way round: POST /<IG_ID>/messages on graph.instagram.com
      // (https://developers.facebook.com/docs/instagram-platform/private-replies), the account's own path.
      const igLogin = isInstagramToken(record);
      if (igLogin && accountId !== record.igUserId)
        return graphError(
          response,
          400,
          100,
          '(#100) A private reply with an Instagram User access token is sent to /<IG_ID>/messages',
          undefined,
        );
      if (!igLogin && !state.pages.has(accountId))
        return graphError(
          response,
          400,
          100,
          '(#100) A private reply with a Page access token is sent to /{page-id}/messages',
          undefined,
        );
      const comment = state.comments.get(recipient.comment_id);
      if (!comment) return graphError(response, 400, 100, '(#100) Invalid comment_id', 33);
      const onInstagram = Boolean(pageOfInstagram(ownerOfMedia(comment.mediaId) ?? ''));
      // Instagram Login: instagram_business_manage_comments and instagram_business_manage_messages (same page).
      const needed = igLogin
        ? ['instagram_business_manage_comments', 'instagram_business_manage_messages']
        : onInstagram
          ? ['instagram_manage_comments', 'pages_messaging']
          : ['pages_messaging'];
      if (missingPermission(response, record, needed)) return;
      if (state.unavailableUsers.has(comment.from.id))
        return graphError(response, 400, 551, "This person isn't available right now.", undefined);
      if (comment.privateReplied)
        return graphError(response, 400, 10, '(#10) This comment already received a private reply.', 2534025);
      if (now().getTime() - Date.parse(comment.timestamp) > 7 * DAY_MS)
        return graphError(
          response,
          400,
          10,
          '(#10) This message is sent outside of allowed window.',
          2534022,
        );
      comment.privateReplied = true;
      state.sent.push({
        kind: 'private_reply',
        on: accountId,
        recipient: comment.id,
        text: message.text,
        id: mid,
        body,
      });
      return send(response, 200, { recipient_id: comment.from.id, message_id: mid });
    }
    if (!recipient.id)
      return graphError(response, 400, 100, '(#100) The parameter recipient is required', undefined);
    if (state.unavailableUsers.has(recipient.id))
      return graphError(response, 400, 551, "This person isn't available right now.", 2534014);
    const instagram = Boolean(instagramOf(accountId)) || body.messaging_product === 'instagram';
    const conversation = [...state.conversations.values()].find(
      (c) => sameAccount(c.accountId, accountId) && c.participant.id === recipient.id,
    );
    const overInstagram = instagram || conversation?.platform === 'instagram';
    // Instagram Login: instagram_business_manage_messages
    // (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api).
    const messaging = isInstagramToken(record)
      ? ['instagram_business_manage_messages']
      : overInstagram
        ? ['instagram_manage_messages']
        : ['pages_messaging'];
    if (missingPermission(response, record, messaging)) return;
    const lastInbound = conversation?.messages.filter((m) => m.from.id === recipient.id).at(-1);
    // HUMAN_AGENT tag: 7 days instead of 24 h, for apps granted the feature only. Without it, Graph answers the
    // documented code 10 "Application does not have permission for this action"
    // (https://developers.facebook.com/docs/graph-api/guides/error-handling).
    const humanAgent = body.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT';
    if (body.messaging_type === 'MESSAGE_TAG' && !humanAgent)
      return graphError(response, 400, 100, '(#100) Invalid tag', undefined);
    if (humanAgent && !options.humanAgent)
      return graphError(
        response,
        403,
        10,
        '(#10) Application does not have permission for this action',
        undefined,
      );
    const window = humanAgent ? 7 * DAY_MS : DAY_MS;
    if (!lastInbound || now().getTime() - Date.parse(lastInbound.created_time) > window)
      return graphError(
        response,
        400,
        10,
        '(#10) This message is sent outside of allowed window.',
        instagram || conversation?.platform === 'instagram' ? 2534022 : 2018278,
      );
    conversation!.messages.push({
      id: mid,
      created_time: now().toISOString(),
      from: { id: conversation!.accountId },
      message: message.text,
    });
    state.sent.push({
      kind: 'dm',
      on: accountId,
      recipient: recipient.id,
      text: message.text,
      id: mid,
      body,
    });
    send(response, 200, { recipient_id: recipient.id, message_id: mid });
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────
  function pageOfInstagram(igId: string) {
    return [...state.pages.values()].find((page) => page.instagram?.id === igId);
  }
  /** An Instagram professional account, behind a Page or on its own. */
  function instagramOf(igId: string): { id: string; username: string } | undefined {
    return state.instagramAccounts.get(igId) ?? pageOfInstagram(igId)?.instagram;
  }
  function ownerOfMedia(mediaId: string): string | undefined {
    for (const [owner, list] of state.media) if (list.some((m) => m.id === mediaId)) return owner;
    return undefined;
  }
  /** The Page, or the Instagram account behind the Page, the same id space for the Send API. */
  function sameAccount(a: string, b: string): boolean {
    if (a === b) return true;
    const page = state.pages.get(a) ?? state.pages.get(b);
    return Boolean(page?.instagram && [a, b].includes(page.id) && [a, b].includes(page.instagram.id));
  }
  function mayActOn(record: TokenRecord, id: string): boolean {
    // An Instagram Login token acts for the one Instagram professional account that granted it.
    if (isInstagramToken(record)) return record.igUserId === id;
    if (record.kind !== 'page') return state.pages.has(id) || Boolean(pageOfInstagram(id));
    const page = state.pages.get(record.pageId ?? '');
    return page !== undefined && (page.id === id || page.instagram?.id === id);
  }
  function permissionError(response: ServerResponse) {
    graphError(
      response,
      403,
      200,
      '(#200) Requires pages_messaging permission to manage the object',
      undefined,
    );
  }
  function unknownObject(response: ServerResponse, id: string) {
    graphError(
      response,
      400,
      100,
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      33,
    );
  }
  function unknownPath(response: ServerResponse, path: string) {
    graphError(response, 400, 2500, `Unknown path components: ${path}`, undefined);
  }

  const listen = (on: ReturnType<typeof createServer>) =>
    new Promise<number>((resolve) => {
      on.listen(0, '127.0.0.1', () => resolve((on.address() as AddressInfo).port));
    });
  const url = `http://127.0.0.1:${await listen(server)}`;
  const instagramUrl = `http://127.0.0.1:${await listen(instagramServer)}`;

  return {
    url,
    /** www.instagram.com, api.instagram.com and graph.instagram.com of the Instagram Login. */
    instagramUrl,
    appId,
    appSecret,
    instagramAppId,
    instagramAppSecret,
    state,
    /** The env that points the backend at this fake (both logins). */
    env: (verifyToken = 'fake-verify-token') => ({
      META_APP_ID: appId,
      META_APP_SECRET: appSecret,
      META_VERIFY_TOKEN: verifyToken,
      META_GRAPH_URL: url,
      META_OAUTH_URL: url,
      INSTAGRAM_APP_ID: instagramAppId,
      INSTAGRAM_APP_SECRET: instagramAppSecret,
      INSTAGRAM_OAUTH_URL: instagramUrl,
      INSTAGRAM_API_URL: instagramUrl,
      INSTAGRAM_GRAPH_URL: instagramUrl,
    }),
    /**
     * An Instagram professional account with no Facebook Page (a creator): it connects through the Instagram
     * Login only, and is the one that logs in on the next authorization window.
     */
    addInstagramAccount(account: { id: string; username: string }) {
      state.instagramAccounts.set(account.id, account);
      state.media.set(account.id, state.media.get(account.id) ?? []);
      state.instagramLogin = account.id;
    },
    /** The Instagram-scoped id of an account's person: the code exchange's `user_id` (not the IG ID of /me). */
    instagramScopedId: (igId: string) => scopedIdOf(igId),
    /**
     * Meta posting one of an app's own callbacks (Deauthorize callback URL, Data deletion request URL) to the URL
     * pasted in that app's dashboard: a form POST whose one field `signed_request` is signed with that app's secret
     * (the Meta app's for Facebook Login, the Instagram app's for the Instagram Login's Business login settings),
     * payload `{ algorithm: "HMAC-SHA256", issued_at, user_id }` as the callback pages show it:
     * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/ ,
     * https://developers.facebook.com/docs/facebook-login/manually-build-a-login-flow/#deauth-callback
     * Removing the app also ends its tokens for that person: an Instagram app callback revokes the person's
     * Instagram Login tokens first.
     */
    async postAppCallback(
      callbackUrl: string,
      callback: { app: 'facebook' | 'instagram'; userId: string; issuedAt?: number },
    ): Promise<Response> {
      const issuedAt = callback.issuedAt ?? Math.floor(now().getTime() / 1000);
      if (callback.app === 'instagram')
        for (const record of state.tokens.values())
          if (
            isInstagramToken(record) &&
            (record.igUserId === callback.userId || scopedIdOf(record.igUserId ?? '') === callback.userId)
          )
            record.revoked = true;
      const secret = callback.app === 'instagram' ? instagramAppSecret : appSecret;
      return fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          signed_request: metaSignedRequest(
            { algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: callback.userId },
            secret,
          ),
        }).toString(),
      });
    },
    /** Who logs in on the next Instagram authorization window (an account of addInstagramAccount or addPage). */
    instagramLoginAs(igId: string) {
      state.instagramLogin = igId;
    },
    /** The long-lived Instagram Login tokens issued for an account, oldest first. */
    instagramTokens: (igId: string) =>
      [...state.tokens.entries()]
        .filter(([, record]) => record.kind === 'ig_long' && record.igUserId === igId)
        .map(([token]) => token),
    setConsent(value: 'approve' | 'deny') {
      consent = value;
    },
    /** A Page the consenting user manages, optionally with its Instagram business account. */
    addPage(page: {
      id: string;
      name: string;
      instagram?: { id: string; username: string };
      roleViaBusinessManager?: boolean;
    }) {
      const token = newToken('EAAP');
      state.tokens.set(token, {
        kind: 'page',
        pageId: page.id,
        expiresAt: null,
        revoked: false,
        scopes: ALL_META_SCOPES,
        dataAccessExpiresAt: now().getTime() + DATA_ACCESS_MS,
        issuedAt: now().getTime(),
      });
      state.pages.set(page.id, {
        ...page,
        token,
        subscribedFields: null,
        roleViaBusinessManager: page.roleViaBusinessManager ?? false,
      });
      if (page.instagram) state.media.set(page.instagram.id, state.media.get(page.instagram.id) ?? []);
      return token;
    },
    pageToken: (pageId: string) => state.pages.get(pageId)?.token,
    /** A post of an Instagram account (its IG id) or of a Facebook Page (its Page id). */
    addMedia(
      ownerId: string,
      media: { id: string; timestamp?: string } & Partial<Omit<FakeMedia, 'id' | 'timestamp'>>,
    ) {
      const list = state.media.get(ownerId) ?? [];
      list.push({
        mediaType: 'IMAGE',
        mediaProductType: 'FEED',
        ...media,
        timestamp: media.timestamp ?? now().toISOString(),
      });
      state.media.set(ownerId, list);
    },
    addComment(comment: {
      id: string;
      mediaId: string;
      text: string;
      from: { id: string; username: string };
      timestamp?: string;
    }) {
      const stored: FakeComment = {
        ...comment,
        timestamp: comment.timestamp ?? now().toISOString(),
        privateReplied: false,
      };
      state.comments.set(comment.id, stored);
      return stored;
    },
    /** Someone's comment on their own (or another account's) post that @mentions our Instagram account `igId`. */
    addMentionedComment(
      igId: string,
      comment: { id: string; mediaId: string; text: string; username: string; timestamp?: string },
    ) {
      state.mentionedComments.set(comment.id, {
        ...comment,
        mentionedId: igId,
        timestamp: comment.timestamp ?? now().toISOString(),
      });
    },
    /** A message from a person to the account (opens the 24-hour window); creates the conversation if needed. */
    addInboundMessage(message: {
      accountId: string;
      platform?: 'instagram' | 'messenger';
      from: { id: string; username: string };
      text: string;
      id?: string;
      at?: string;
      /** The person mentioned the account in their story (the message then has no text). */
      storyMention?: { link: string; id: string };
    }) {
      const platform = message.platform ?? (state.pages.has(message.accountId) ? 'messenger' : 'instagram');
      let conversation = [...state.conversations.values()].find(
        (c) => c.accountId === message.accountId && c.participant.id === message.from.id,
      );
      if (!conversation) {
        conversation = {
          id: nextId('t_'),
          accountId: message.accountId,
          platform,
          participant: message.from,
          messages: [],
        };
        state.conversations.set(conversation.id, conversation);
      }
      const stored = {
        id: message.id ?? `m_${randomBytes(10).toString('base64url')}`,
        created_time: message.at ?? now().toISOString(),
        from: message.from,
        message: message.text,
        ...(message.storyMention ? { story: { mention: message.storyMention } } : {}),
      };
      conversation.messages.push(stored);
      return { conversationId: conversation.id, messageId: stored.id };
    },
    /** Expire (463) or revoke (460) a token; without an argument, every user and page token. */
    expireToken(token?: string) {
      for (const [key, record] of state.tokens) if (!token || key === token) record.expiresAt = 0;
    },
    revokeToken(token?: string) {
      for (const [key, record] of state.tokens) if (!token || key === token) record.revoked = true;
    },
    /** The next `count` Graph calls fail with this error (HTTP status, Graph code/subcode, extra headers). */
    failNext(count: number, fault: Omit<Fault, 'remaining' | 'status'> & { status?: number }) {
      state.faults.push({ remaining: count, status: fault.status ?? 400, ...fault });
    },
    /**
     * Each Graph call fails with `fault` with probability `rate` (a number, or one per call: 0 spares it, 1 always
     * fails it), drawn from a PRNG seeded with `seed`: the same seed and call order give the same faults.
     * `null` turns it off.
     */
    randomFaults(
      options: {
        rate: number | ((call: GraphCall) => number);
        seed: number;
        status?: number;
        code?: number;
        subcode?: number;
        message?: string;
      } | null,
    ) {
      if (!options) {
        state.randomFault = null;
        return;
      }
      const { rate, seed, status, ...rest } = options;
      state.randomFault = {
        rate: typeof rate === 'number' ? () => rate : rate,
        next: seededRandom(seed),
        fault: { status: status ?? 500, ...rest },
      };
    },
    /** Throttling as Meta does it: code 4 (app) / 17 (user) / 32 (page) / 613 (custom) with usage headers. */
    throttle(count: number, code: 4 | 17 | 32 | 613 = 4, regainMinutes = 0) {
      state.faults.push({
        remaining: count,
        status: 400,
        code,
        message:
          code === 4
            ? '(#4) Application request limit reached'
            : '(#613) Calls to this api have exceeded the rate limit.',
        headers: {
          'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 12, total_time: 30 }),
          ...(regainMinutes > 0
            ? {
                'x-business-use-case-usage': JSON.stringify({
                  '1': [
                    {
                      type: 'messenger',
                      call_count: 100,
                      total_cputime: 5,
                      total_time: 5,
                      estimated_time_to_regain_access: regainMinutes,
                    },
                  ],
                }),
              }
            : {}),
        },
      });
    },
    stop: () =>
      Promise.all(
        [server, instagramServer].map(
          (on) =>
            new Promise<void>((resolve) => {
              on.close(() => resolve());
              on.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}

export type FakeMetaGraph = Awaited<ReturnType<typeof startFakeMetaGraph>>;

// ── Webhook payloads ──────────────────────────────────────────────────────────

/**
 * A `signed_request` as Meta builds it for an app's data deletion and deauthorize callbacks (the page's
 * `parse_signed_request` reverses it): base64url(HMAC-SHA256(base64url(JSON payload), app secret)) + '.' +
 * base64url(JSON payload), https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/
 */
export function metaSignedRequest(payload: Record<string, unknown>, appSecret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', appSecret).update(encoded).digest('base64url')}.${encoded}`;
}

/** Signs a payload as Meta does: HMAC-SHA256 of exactly the bytes sent, lowercase hex, keyed with the app secret. */
export function signedMetaWebhook(payload: unknown, appSecret: string) {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
    },
  };
}

/**
 * Builders for Meta's webhook payloads, each the shape of an official example kept under test/fixtures/meta/
 * (and checked against it by test/unit/simulation/meta-webhook-builders.test.ts):
 * https://developers.facebook.com/docs/instagram-messaging/webhooks ,
 * https://developers.facebook.com/docs/messenger-platform/instagram/features/story-mention ,
 * https://developers.facebook.com/docs/instagram-platform/webhooks/examples
 */
export const metaWebhook = {
  /**
   * A message to the account, or with `isEcho` the account's own message to `sender` (sender and recipient
   * swapped), with the `appId` of the app that sent it when given (Messenger's message_echoes carry it:
   * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-echoes/ ;
   * Instagram's example has none).
   */
  instagramMessage(
    igId: string,
    item: {
      sender: string;
      mid: string;
      text?: string;
      timestamp?: number;
      isEcho?: boolean;
      appId?: string;
    },
  ) {
    const timestamp = item.timestamp ?? Date.now();
    const [sender, recipient] = item.isEcho ? [igId, item.sender] : [item.sender, igId];
    return {
      object: 'instagram',
      entry: [
        {
          id: igId,
          time: timestamp,
          messaging: [
            {
              sender: { id: sender },
              recipient: { id: recipient },
              timestamp,
              message: {
                ...(item.isEcho ? { is_echo: true } : {}),
                ...(item.isEcho && item.appId ? { app_id: Number(item.appId) || item.appId } : {}),
                mid: item.mid,
                text: item.text ?? 'hello',
              },
            },
          ],
        },
      ],
    };
  },
  /** A person mentions the account in their story: an attachment of type story_mention, no text. */
  instagramStoryMention(
    igId: string,
    item: { sender: string; mid: string; url: string; timestamp?: number },
  ) {
    return instagramMessaging(igId, item.sender, item.timestamp, {
      message: { mid: item.mid, attachments: [{ type: 'story_mention', payload: { url: item.url } }] },
    });
  },
  /** A person taps a postback button (messaging_postbacks): its title and the payload we gave it. */
  instagramPostback(
    igId: string,
    item: { sender: string; mid: string; title: string; payload: string; timestamp?: number },
  ) {
    return instagramMessaging(igId, item.sender, item.timestamp, {
      postback: { mid: item.mid, title: item.title, payload: item.payload },
    });
  },
  /**
   * A person taps a quick reply: a message whose text is the title, with `quick_reply.payload` (for
   * user_email / user_phone_number, the address or number Meta pre-filled from the profile).
   */
  instagramQuickReply(
    igId: string,
    item: { sender: string; mid: string; text: string; payload: string; timestamp?: number },
  ) {
    return instagramMessaging(igId, item.sender, item.timestamp, {
      message: { quick_reply: { payload: item.payload }, mid: item.mid, text: item.text },
    });
  },
  /** The person opened the account's message (Instagram's messaging_seen): `read.mid` names it. */
  instagramSeen(igId: string, item: { sender: string; mid: string; timestamp?: number }) {
    return instagramMessaging(igId, item.sender, item.timestamp, { read: { mid: item.mid } });
  },
  /**
   * A Page's message reached the person (Messenger's message_deliveries): the mids delivered when Meta gives
   * them, and a watermark ("all messages that were sent before this timestamp were delivered"):
   * https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-deliveries
   */
  pageDelivery(
    pageId: string,
    item: { sender: string; mids?: string[]; watermark: number; timestamp?: number },
  ) {
    const at = item.timestamp ?? Date.now();
    return {
      object: 'page',
      entry: [
        {
          id: pageId,
          time: at,
          messaging: [
            {
              sender: { id: item.sender },
              recipient: { id: pageId },
              delivery: { ...(item.mids ? { mids: item.mids } : {}), watermark: item.watermark },
            },
          ],
        },
      ],
    };
  },
  /** A person answers one of the account's stories: the text, and reply_to.story with its URL and id. */
  instagramStoryReply(
    igId: string,
    item: {
      sender: string;
      mid: string;
      text: string;
      story: { id: string; url: string };
      timestamp?: number;
    },
  ) {
    return instagramMessaging(igId, item.sender, item.timestamp, {
      message: {
        mid: item.mid,
        text: item.text,
        reply_to: { story: { url: item.story.url, id: item.story.id } },
      },
    });
  },
  /** Someone @mentions the account in a comment (Facebook Login `mentions` field): the ids only. */
  instagramCommentMention(igId: string, item: { commentId: string; mediaId: string; time?: number }) {
    return {
      entry: [
        {
          changes: [{ field: 'mentions', value: { comment_id: item.commentId, media_id: item.mediaId } }],
          id: igId,
          time: item.time ?? Math.floor(Date.now() / 1000),
        },
      ],
      object: 'instagram',
    };
  },
  /** A person reacts to a message (`action: "unreact"` carries no reaction nor emoji). */
  instagramReaction(
    igId: string,
    item: { sender: string; mid: string; reaction?: string; emoji?: string; timestamp?: number },
  ) {
    const reaction =
      item.reaction === undefined
        ? { mid: item.mid, action: 'unreact' }
        : { mid: item.mid, action: 'react', reaction: item.reaction, emoji: item.emoji ?? '\u2764\ufe0f' };
    return instagramMessaging(igId, item.sender, item.timestamp, { reaction });
  },
  /** A comment on one of the account's posts, or with `live` on its live video (the `live_comments` field). */
  instagramComment(
    igId: string,
    comment: {
      id: string;
      from: string;
      username?: string;
      text: string;
      mediaId: string;
      time?: number;
      live?: boolean;
    },
  ) {
    return {
      object: 'instagram',
      entry: [
        {
          id: igId,
          time: comment.time ?? Math.floor(Date.now() / 1000),
          changes: [
            {
              field: comment.live ? 'live_comments' : 'comments',
              value: {
                id: comment.id,
                from: { id: comment.from, username: comment.username ?? 'someone' },
                text: comment.text,
                media: { id: comment.mediaId, media_product_type: 'FEED' },
              },
            },
          ],
        },
      ],
    };
  },
};

/** One messaging item from a person to the account, in the envelope every messaging webhook shares. */
function instagramMessaging(igId: string, sender: string, timestamp: number | undefined, item: object) {
  const at = timestamp ?? Date.now();
  return {
    object: 'instagram',
    entry: [
      {
        id: igId,
        time: at,
        messaging: [{ sender: { id: sender }, recipient: { id: igId }, timestamp: at, ...item }],
      },
    ],
  };
}

/**
 * The Send API's `message` as Meta documents it, accepted or refused with (#100) like Graph does:
 *   - text, or an attachment, never empty (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages);
 *   - quick_replies: at most 13, content_type text (title and payload required; a longer title is accepted,
 *     "each quick reply allows up to 20 characters before being truncated"), user_phone_number or user_email;
 *     payload at most 1000 characters
 *     (https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies ,
 *     https://developers.facebook.com/docs/messenger-platform/reference/buttons/quick-replies);
 *   - a button template: text up to 640 characters, 1–3 buttons
 *     (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/template/button);
 *   - a generic template: at most 10 elements, title (80 characters) and at least one more property, subtitle
 *     80 characters, up to 3 buttons
 *     (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/template/generic);
 *   - buttons: postback (title 20 characters, payload 1000) or web_url (a url)
 *     (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/buttons/postback ,
 *     https://developers.facebook.com/docs/instagram-messaging/button-template: the two buttons Instagram offers).
 * `text` is what the fake stores in the conversation: the text, the button template's text, or the card titles.
 */
export function checkSendMessage(raw: unknown): { text: string } | { refused: string } {
  const message = (raw ?? {}) as {
    text?: unknown;
    quick_replies?: unknown;
    attachment?: { type?: unknown; payload?: Record<string, unknown> };
  };
  const refuse = (why: string) => ({ refused: `(#100) ${why}` });
  const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);
  let text: string;
  if (message.attachment !== undefined) {
    if (message.text !== undefined) return refuse('Only one of text or attachment can be specified');
    const { type, payload } = message.attachment;
    if (type !== 'template' || !payload) return refuse('Invalid attachment type');
    if (payload.template_type === 'button') {
      if (typeof payload.text !== 'string' || payload.text === '')
        return refuse('param text must be non-empty');
      if (length(payload.text) > 640) return refuse('param text must be at most 640 characters');
      const buttons = payload.buttons;
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)
        return refuse('param buttons must have 1 to 3 elements');
      const problem = buttons.map(buttonProblem).find(Boolean);
      if (problem) return refuse(problem);
      text = payload.text;
    } else if (payload.template_type === 'generic') {
      const elements = payload.elements;
      if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10)
        return refuse('param elements must have 1 to 10 elements');
      for (const element of elements as Array<Record<string, unknown>>) {
        if (typeof element.title !== 'string' || element.title === '')
          return refuse('param elements[].title must be non-empty');
        if (length(element.title) > 80) return refuse('param elements[].title must be at most 80 characters');
        if (element.subtitle !== undefined && length(element.subtitle) > 80)
          return refuse('param elements[].subtitle must be at most 80 characters');
        const buttons = (element.buttons ?? []) as unknown[];
        if (!Array.isArray(buttons) || buttons.length > 3)
          return refuse('param elements[].buttons must have at most 3 elements');
        if (!element.subtitle && !element.image_url && !element.default_action && buttons.length === 0)
          return refuse('param elements[] needs at least one property besides title');
        const problem = buttons.map(buttonProblem).find(Boolean);
        if (problem) return refuse(problem);
      }
      text = (elements as Array<{ title: string }>).map((element) => element.title).join(' | ');
    } else return refuse('Invalid template_type');
  } else {
    if (typeof message.text !== 'string' || message.text === '')
      return refuse('Param message must be non-empty');
    text = message.text;
  }
  if (message.quick_replies !== undefined) {
    const list = message.quick_replies;
    if (!Array.isArray(list) || list.length < 1 || list.length > 13)
      return refuse('param quick_replies must have 1 to 13 elements');
    for (const reply of list as Array<Record<string, unknown>>) {
      if (reply.content_type === 'user_phone_number' || reply.content_type === 'user_email') continue;
      if (reply.content_type !== 'text') return refuse('param quick_replies[].content_type is invalid');
      if (typeof reply.title !== 'string' || reply.title === '')
        return refuse('param quick_replies[].title must be non-empty');
      if (typeof reply.payload !== 'string' && typeof reply.payload !== 'number')
        return refuse('param quick_replies[].payload is required');
      if (length(String(reply.payload)) > 1000)
        return refuse('param quick_replies[].payload must be at most 1000 characters');
      // A longer title is accepted: Meta truncates it at 20 characters on display.
    }
  }
  return { text };
}

function buttonProblem(raw: unknown): string | undefined {
  const button = (raw ?? {}) as Record<string, unknown>;
  if (typeof button.title !== 'string' || button.title === '')
    return 'param buttons[].title must be non-empty';
  if ([...button.title].length > 20) return 'param buttons[].title must be at most 20 characters';
  if (button.type === 'postback') {
    if (typeof button.payload !== 'string' || button.payload === '')
      return 'param buttons[].payload must be non-empty';
    if ([...button.payload].length > 1000) return 'param buttons[].payload must be at most 1000 characters';
    return undefined;
  }
  if (button.type === 'web_url')
    return typeof button.url === 'string' && /^https?:\/\//.test(button.url)
      ? undefined
      : 'param buttons[].url must be a valid URL';
  return 'param buttons[].type is invalid';
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

function graphError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  subcode: number | undefined,
  headers: Record<string, string> = {},
) {
  send(
    response,
    status,
    {
      error: {
        message,
        type: code === 190 || code === 101 ? 'OAuthException' : 'GraphMethodException',
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
    { 'www-authenticate': code === 190 ? 'OAuth "Facebook Platform" "invalid_token"' : '', ...headers },
  );
}

/** Graph renders times as 2026-11-25T10:00:00+0000. */
function graphTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, '+0000').replace(/Z$/, '+0000');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    if (contentType?.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
    const form = Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['recipient', 'message'])
      if (typeof form[key] === 'string') (form as Record<string, unknown>)[key] = JSON.parse(form[key]!);
    return form;
  } catch {
    return {};
  }
}
