import type { ProviderName } from '../../domain/messages/platforms';
import { type OAuthErrorCode, oauthCallbackUrl, oauthErrorCode } from '../../domain/oauth/callback';
import { AppError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AuditRecorder } from '../audit/audit-log';
import type { OAuthStateSigner } from './oauth-state';
import type { OAuthConnector, SocialAccount, SocialProvider } from './ports';

export interface OAuthCallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

/**
 * The connect round trip shared by every OAuth 2 provider: a signed auth URL (and the browser binding for its
 * cookie) for a workspace admin, then the public callback that redeems the state (signature, expiry, binding,
 * current role, single use: OAuthStateSigner.redeem), lets the provider exchange the code and store the sealed
 * tokens, and sends the browser back to the frontend with `status=connected` or `status=error&code=<code>`, the
 * code always one of OAUTH_ERROR_CODES (never a token, never a provider's text).
 */
export class OAuthConnectService {
  constructor(
    private readonly states: OAuthStateSigner,
    private readonly provider: (name: ProviderName) => SocialProvider,
    private readonly urls: { appBaseUrl: string; frontendUrl: string },
    /**
     * Told of every stored connection (first or again): the account health's recovery makes it active, clears
     * its error and backfills what an outage held back. Best effort: the scheduled collector catches up.
     */
    private readonly recovery?: { reconnected(accounts: SocialAccount[]): Promise<unknown> },
    private readonly audit?: AuditRecorder,
  ) {}

  redirectUri(name: ProviderName): string {
    return oauthCallbackUrl(this.urls.appBaseUrl, name);
  }

  async authorizationUrl(
    name: ProviderName,
    workspaceId: string,
    userId: string,
  ): Promise<{ url: string; binding: string }> {
    const connector = this.connector(name);
    const { state, codeChallenge, binding } = await this.states.issue({
      workspaceId,
      userId,
      provider: name,
    });
    const url = connector.authorizationUrl({ state, redirectUri: this.redirectUri(name), codeChallenge });
    return { url, binding };
  }

  /** Returns where to send the browser: the frontend, with `status=connected` or `status=error&code=…`. */
  async complete(
    name: ProviderName,
    query: OAuthCallbackQuery,
    binding: string | undefined,
  ): Promise<string> {
    try {
      const claims = await this.states.redeem(query.state, name, binding);
      if (query.error)
        return this.failed(name, query.error === 'access_denied' ? 'access_denied' : 'provider_error');
      if (!query.code) return this.failed(name, 'invalid_request');
      const account = await this.connector(name).connect({
        workspaceId: claims.workspaceId,
        code: query.code,
        redirectUri: this.redirectUri(name),
        codeVerifier: claims.codeVerifier,
      });
      await this.audit?.record(
        claims.workspaceId,
        { type: 'user', id: claims.userId },
        'account.connected',
        { type: 'social_account', id: account.id },
        { provider: name, platform: account.platform, externalId: account.externalId },
      );
      await this.recovery
        ?.reconnected([account])
        .catch((error: Error) => logger.error('backfill after connecting failed', { error, provider: name }));
      return this.frontend(name, { status: 'connected', accountId: account.id });
    } catch (error) {
      if (!(error instanceof AppError)) logger.error('oauth connection failed', { error, provider: name });
      return this.failed(name, oauthErrorCode(error instanceof AppError ? error.code : undefined));
    }
  }

  private connector(name: ProviderName): OAuthConnector {
    const connector = this.provider(name).oauth;
    if (!connector)
      throw new AppError(400, 'not_supported', `${name} accounts are not connected with OAuth.`);
    return connector;
  }

  private failed(name: ProviderName, code: OAuthErrorCode): string {
    return this.frontend(name, { status: 'error', code });
  }

  private frontend(name: ProviderName, result: Record<string, string>): string {
    const url = new URL('/social-accounts/callback', this.urls.frontendUrl);
    url.searchParams.set('provider', name);
    for (const [key, value] of Object.entries(result)) url.searchParams.set(key, value);
    return url.toString();
  }
}
