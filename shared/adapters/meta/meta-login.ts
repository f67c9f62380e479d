import type { MetaLoginGateway, MetaPage, MetaTokenExpiry } from '../../services/meta/ports';
import type { GraphClient } from './graph-client';

/**
 * Permissions for Instagram + Page messaging, comments and webhooks (Facebook Login for Business), each for the
 * calls Meta documents it for:
 *   instagram_basic, instagram_manage_messages, pages_manage_metadata — Instagram messaging and its webhooks
 *     https://developers.facebook.com/docs/messenger-platform/instagram/features/webhook
 *   instagram_manage_comments, pages_messaging — private replies
 *     https://developers.facebook.com/docs/messenger-platform/instagram/features/private-replies
 *   instagram_basic, instagram_manage_comments, pages_show_list, pages_read_engagement — comment replies, and
 *   ads_read: "If the token is from a User whose Page role was granted via the Business Manager, one of the
 *     following permissions is also required: ads_management, ads_read" (the read-only one is asked)
 *     https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment/replies
 *   pages_messaging — Messenger DMs https://developers.facebook.com/docs/messenger-platform/send-messages
 * business_management is not asked: Meta requires it for business system user tokens
 * (https://developers.facebook.com/docs/pages-api/manage-pages), which Flow IA does not use.
 */
export const META_SCOPES = [
  'pages_show_list',
  'pages_manage_metadata',
  'pages_messaging',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_manage_messages',
  'instagram_manage_comments',
  'ads_read',
];
export const SUBSCRIBED_FIELDS = 'messages,messaging_postbacks,message_reads,message_deliveries,feed';

export interface MetaAppSettings {
  appId: string;
  appSecret: string;
  /** META_OAUTH_URL, e.g. https://www.facebook.com */
  oauthBaseUrl: string;
  version: string;
  /** Facebook Login for Business configuration, when the app uses one. */
  configId?: string | undefined;
}

/** Facebook Login and the Page set-up calls, over the Graph client. */
export class GraphMetaLogin implements MetaLoginGateway {
  constructor(
    private readonly graph: GraphClient,
    private readonly app: MetaAppSettings,
  ) {}

  authorizeUrl(state: string, redirectUri: string): string {
    const url = new URL(`${this.app.oauthBaseUrl.replace(/\/$/, '')}/${this.app.version}/dialog/oauth`);
    url.searchParams.set('client_id', this.app.appId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('response_type', 'code');
    if (this.app.configId) url.searchParams.set('config_id', this.app.configId);
    else url.searchParams.set('scope', META_SCOPES.join(','));
    return url.toString();
  }

  async exchangeCode(code: string, redirectUri: string): Promise<{ accessToken: string }> {
    const result = await this.graph.get<{ access_token: string }>('/oauth/access_token', {
      client_id: this.app.appId,
      client_secret: this.app.appSecret,
      redirect_uri: redirectUri,
      code,
    });
    return { accessToken: result.access_token };
  }

  async exchangeLongLived(userToken: string): Promise<{ accessToken: string }> {
    const result = await this.graph.get<{ access_token: string }>('/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: this.app.appId,
      client_secret: this.app.appSecret,
      fb_exchange_token: userToken,
    });
    return { accessToken: result.access_token };
  }

  /**
   * What Meta itself says about a token: `GET /debug_token?input_token=…` with the app access token
   * ({app-id}|{app-secret}, in the Authorization header so the secret stays out of URLs), whose `expires_at`
   * and `data_access_expires_at` are unix seconds, 0 meaning never:
   * https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging ,
   * https://developers.facebook.com/docs/graph-api/reference/debug_token
   */
  async inspectToken(token: string): Promise<MetaTokenExpiry> {
    const result = await this.graph.get<{
      data?: { is_valid?: boolean; expires_at?: number; data_access_expires_at?: number; user_id?: string };
    }>('/debug_token', { input_token: token }, `${this.app.appId}|${this.app.appSecret}`);
    const at = (seconds: number | undefined) =>
      seconds === undefined || seconds === 0 ? null : new Date(seconds * 1000).toISOString();
    return {
      valid: result.data?.is_valid === true,
      expiresAt: at(result.data?.expires_at),
      dataAccessExpiresAt: at(result.data?.data_access_expires_at),
      userId: result.data?.user_id ?? null,
    };
  }

  async listPages(userToken: string): Promise<MetaPage[]> {
    const result = await this.graph.get<{
      data: Array<{ id: string; name?: string; access_token?: string }>;
    }>('/me/accounts', { fields: 'id,name,access_token', limit: 100 }, userToken);
    return result.data
      .filter((page) => page.access_token)
      .map((page) => ({ id: page.id, name: page.name ?? page.id, accessToken: page.access_token! }));
  }

  async instagramAccountOf(page: MetaPage): Promise<{ id: string; username: string | null } | null> {
    const result = await this.graph.get<{ instagram_business_account?: { id: string; username?: string } }>(
      `/${encodeURIComponent(page.id)}`,
      { fields: 'instagram_business_account{id,username}' },
      page.accessToken,
    );
    const account = result.instagram_business_account;
    return account ? { id: account.id, username: account.username ?? null } : null;
  }

  async subscribePage(page: MetaPage): Promise<void> {
    await this.graph.post(`/${encodeURIComponent(page.id)}/subscribed_apps`, undefined, page.accessToken, {
      subscribed_fields: SUBSCRIBED_FIELDS,
    });
  }
}
