import { ProviderError } from '../../errors';
import type { InstagramLoginGateway, InstagramToken } from '../../services/meta/ports';
import type { GraphClient } from './graph-client';

/**
 * The Instagram API with Instagram Login (Business Login for Instagram): creators and businesses whose Instagram
 * professional account has no Facebook Page connect with their Instagram credentials, and every later call goes to
 * graph.instagram.com with the Instagram User access token.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 *
 * Permissions (the `instagram_business_*` scope values, which replaced `business_*` on January 27, 2025, same page):
 *   instagram_business_basic            the account's id, username and media; required by every call and by the
 *                                       token refresh (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token)
 *   instagram_business_manage_messages  DMs and private replies
 *                                       (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api)
 *   instagram_business_manage_comments  comment replies, private replies, comment webhooks
 *                                       (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/comment-moderation)
 */
export const INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_manage_messages',
  'instagram_business_manage_comments',
];
/**
 * The webhook fields enabled for the account with its own token, POST /me/subscribed_apps
 * (https://developers.facebook.com/docs/instagram-platform/webhooks): the same Instagram events Facebook Login
 * brings (messages, postbacks, seen, comments), delivered to the same /social-accounts/meta/webhook.
 */
export const INSTAGRAM_WEBHOOK_FIELDS = 'messages,messaging_postbacks,messaging_seen,comments';

export interface InstagramAppSettings {
  /** INSTAGRAM_APP_ID: App Dashboard > Instagram > API setup with Instagram login > Business login settings. */
  appId: string;
  appSecret: string;
  /** INSTAGRAM_OAUTH_URL, e.g. https://www.instagram.com (the authorization window). */
  oauthBaseUrl: string;
  /** INSTAGRAM_API_URL, e.g. https://api.instagram.com (the code exchange). */
  apiBaseUrl: string;
}

/**
 * The code exchange's answer. The guide documents `{ data: [{ access_token, user_id, permissions }] }` with
 * permissions comma-separated (test/fixtures/instagram/code-exchange.json); the endpoint reference shows the fields
 * without `data` and user_id as a number (code-exchange-flat.json), and live answers are reported with
 * `permissions` as an array: all three are read. null when no token is there.
 */
export function parseCodeExchange(
  body: unknown,
): { accessToken: string; userId: string | null; permissions: string[] | null } | null {
  const root = (body ?? {}) as { data?: unknown };
  const item = (Array.isArray(root.data) ? root.data[0] : root) as
    | { access_token?: unknown; user_id?: unknown; permissions?: unknown }
    | undefined;
  if (!item || typeof item.access_token !== 'string' || item.access_token === '') return null;
  const permissions = Array.isArray(item.permissions)
    ? item.permissions.filter((p): p is string => typeof p === 'string')
    : typeof item.permissions === 'string'
      ? item.permissions.split(/[,\s]+/).filter(Boolean)
      : null;
  const userId =
    typeof item.user_id === 'string' || typeof item.user_id === 'number' ? String(item.user_id) : null;
  return { accessToken: item.access_token, userId, permissions };
}

/** `{ access_token, token_type: "bearer", expires_in }` of the long-lived exchange and of the refresh. */
export function parseLongLivedToken(
  body: unknown,
): { accessToken: string; expiresInSeconds: number | null } | null {
  const item = (body ?? {}) as { access_token?: unknown; expires_in?: unknown };
  if (typeof item.access_token !== 'string' || item.access_token === '') return null;
  const seconds = typeof item.expires_in === 'number' && item.expires_in > 0 ? item.expires_in : null;
  return { accessToken: item.access_token, expiresInSeconds: seconds };
}

/** GET /me?fields=user_id,username: `user_id` is the professional account's IG ID, the id its webhooks carry. */
export function parseInstagramProfile(body: unknown): { igUserId: string; username: string | null } | null {
  const root = (body ?? {}) as { data?: unknown };
  const item = (Array.isArray(root.data) ? root.data[0] : root) as
    | { user_id?: unknown; username?: unknown }
    | undefined;
  const id = item?.user_id;
  if (typeof id !== 'string' && typeof id !== 'number') return null;
  return { igUserId: String(id), username: typeof item?.username === 'string' ? item.username : null };
}

export class GraphInstagramLogin implements InstagramLoginGateway {
  constructor(
    /** graph.instagram.com with the API version: /me and /me/subscribed_apps. */
    private readonly graph: GraphClient,
    /** graph.instagram.com without a version: /access_token and /refresh_access_token, as documented. */
    private readonly tokens: GraphClient,
    private readonly app: InstagramAppSettings,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  /** Step 1: https://www.instagram.com/oauth/authorize?client_id&redirect_uri&response_type=code&scope&state */
  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.app.oauthBaseUrl.replace(/\/$/, '')}/oauth/authorize`);
    url.searchParams.set('client_id', this.app.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', INSTAGRAM_SCOPES.join(','));
    url.searchParams.set('state', state);
    return url.toString();
  }

  /**
   * Step 2: POST https://api.instagram.com/oauth/access_token, a form with client_id, client_secret,
   * grant_type=authorization_code, the same redirect_uri and the code. Its errors are
   * `{ error_type, code, error_message }` (code-exchange-rejected.json): a 502 provider_error, never retried (a
   * code is single-use).
   */
  async exchangeCode(
    code: string,
    redirectUri: string,
  ): Promise<{ accessToken: string; permissions: string[] | null; userId: string | null }> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.app.apiBaseUrl.replace(/\/$/, '')}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          client_id: this.app.appId,
          client_secret: this.app.appSecret,
          grant_type: 'authorization_code',
          redirect_uri: redirectUri,
          code,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new ProviderError('meta', 'Instagram could not be reached to finish the login.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = response.ok ? parseCodeExchange(body) : null;
    if (!parsed) {
      const message = (body as { error_message?: unknown } | undefined)?.error_message;
      throw new ProviderError(
        'meta',
        `Instagram refused the login code${typeof message === 'string' ? `: ${message}` : ''}.`,
      );
    }
    return { accessToken: parsed.accessToken, permissions: parsed.permissions, userId: parsed.userId };
  }

  /** Step 3: GET graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret&access_token. */
  async exchangeLongLived(shortToken: string): Promise<InstagramToken> {
    return this.longLived(
      await this.tokens.get('/access_token', {
        grant_type: 'ig_exchange_token',
        client_secret: this.app.appSecret,
        access_token: shortToken,
      }),
    );
  }

  /**
   * GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token: a long-lived token at
   * least 24 hours old and unexpired, valid 60 days from the refresh. A GraphApiError (190 for an expired or
   * revoked token: auth_expired) is thrown as is, for the refresh schedule to tell a dead grant from an outage.
   */
  async refresh(longToken: string): Promise<InstagramToken> {
    return this.longLived(
      await this.tokens.get('/refresh_access_token', {
        grant_type: 'ig_refresh_token',
        access_token: longToken,
      }),
    );
  }

  /** GET /me?fields=user_id,username (https://developers.facebook.com/docs/instagram-platform/reference/me). */
  async profile(token: string): Promise<{ igUserId: string; username: string | null }> {
    const profile = parseInstagramProfile(await this.graph.get('/me', { fields: 'user_id,username' }, token));
    if (!profile) throw new ProviderError('meta', 'Instagram returned no account id for this login.');
    return profile;
  }

  async subscribe(token: string): Promise<void> {
    await this.graph.post('/me/subscribed_apps', undefined, token, {
      subscribed_fields: INSTAGRAM_WEBHOOK_FIELDS,
    });
  }

  private longLived(body: unknown): InstagramToken {
    const parsed = parseLongLivedToken(body);
    if (!parsed) throw new ProviderError('meta', 'Instagram returned no long-lived token.');
    return parsed;
  }
}
