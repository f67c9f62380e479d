import type { ProviderName } from '../../domain/messages/platforms';
import { AppError } from '../../errors';
import { logger } from '../../observability/logger';
import type { OAuthStateSigner } from './oauth-state';
import type { OAuthConnector, SocialAccount, SocialProvider } from './ports';

export interface OAuthCallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/**
 * The connect round trip shared by every OAuth provider: a signed auth URL for a workspace member, then the
 * public callback that checks the state, lets the provider exchange the code and store the sealed tokens, and
 * sends the browser back to the frontend with the outcome (never a token) in the query string.
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
  ) {}

  redirectUri(name: ProviderName): string {
    return `${this.urls.appBaseUrl.replace(/\/$/, '')}/social-accounts/${name}/callback`;
  }

  async authorizationUrl(name: ProviderName, workspaceId: string, userId: string): Promise<string> {
    const connector = this.connector(name);
    const { state, codeChallenge } = await this.states.issue({ workspaceId, userId, provider: name });
    return connector.authorizationUrl({ state, redirectUri: this.redirectUri(name), codeChallenge });
  }

  /** Returns where to send the browser: the frontend, with `status=connected` or `status=error`. */
  async complete(name: ProviderName, query: OAuthCallbackQuery): Promise<string> {
    try {
      if (query.error)
        return this.frontend(name, { status: 'error', code: query.error, message: consentError(query) });
      if (!query.code || !query.state)
        return this.frontend(name, {
          status: 'error',
          code: 'invalid_request',
          message: 'The provider sent no code.',
        });
      const claims = await this.states.verify(query.state, name);
      const account = await this.connector(name).connect({
        workspaceId: claims.workspaceId,
        code: query.code,
        redirectUri: this.redirectUri(name),
        codeVerifier: claims.codeVerifier,
      });
      await this.recovery
        ?.reconnected([account])
        .catch((error: Error) => logger.error('backfill after connecting failed', { error, provider: name }));
      return this.frontend(name, { status: 'connected', accountId: account.id });
    } catch (error) {
      if (error instanceof AppError)
        return this.frontend(name, { status: 'error', code: error.code, message: error.message });
      throw error;
    }
  }

  private connector(name: ProviderName): OAuthConnector {
    const connector = this.provider(name).oauth;
    if (!connector)
      throw new AppError(400, 'not_supported', `${name} accounts are not connected with OAuth.`);
    return connector;
  }

  private frontend(name: ProviderName, result: Record<string, string>): string {
    const url = new URL('/social-accounts/callback', this.urls.frontendUrl);
    url.searchParams.set('provider', name);
    for (const [key, value] of Object.entries(result)) url.searchParams.set(key, value);
    return url.toString();
  }
}

function consentError(query: OAuthCallbackQuery): string {
  if (query.error === 'access_denied') return 'The connection was cancelled on the provider’s consent page.';
  return query.error_description?.slice(0, 200) || 'The provider refused the connection.';
}
