import type { MetaLoginGateway, MetaPage } from '../../services/meta/ports';
import type { GraphClient } from './graph-client';

/** Permissions for Instagram + Page messaging, comments and webhooks (Facebook Login for Business). */
export const META_SCOPES = [
  'pages_show_list',
  'pages_manage_metadata',
  'pages_messaging',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_manage_messages',
  'instagram_manage_comments',
];
export const SUBSCRIBED_FIELDS = 'messages,messaging_postbacks,message_reads,feed';

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

  async exchangeLongLived(
    userToken: string,
  ): Promise<{ accessToken: string; expiresInSeconds: number | null }> {
    const result = await this.graph.get<{ access_token: string; expires_in?: number }>(
      '/oauth/access_token',
      {
        grant_type: 'fb_exchange_token',
        client_id: this.app.appId,
        client_secret: this.app.appSecret,
        fb_exchange_token: userToken,
      },
    );
    return { accessToken: result.access_token, expiresInSeconds: result.expires_in ?? null };
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
