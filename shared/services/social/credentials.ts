import type { ProviderName } from '../../domain/messages/platforms';
import { logger } from '../../observability/logger';
import type { AccountHealthReporter } from '../account-health/ports';
import type { EncryptionContext, SealedSecret } from '../vault/envelope';
import type { SocialAccount, SocialAccountStore } from './ports';
import { AccountReconnectRequiredError } from './provider-errors';

/** An OAuth token set as sealed in the vault; never returned by a route, never logged. */
export interface OAuthCredentials {
  accessToken: string;
  refreshToken: string | null;
  /** ISO time the access token stops working. */
  expiresAt: string | null;
  /** ISO time the refresh token stops working, when the provider says (TikTok). */
  refreshExpiresAt: string | null;
  scope: string;
}

export interface SecretSealer {
  sealJson(context: EncryptionContext, value: unknown): Promise<SealedSecret>;
  openJson<T>(context: EncryptionContext, sealed: SealedSecret): Promise<T>;
}

/**
 * Keeps one provider's OAuth tokens usable: opens them from the vault, refreshes them before expiry (rotated
 * refresh tokens are sealed again at once), retries a call once after a refresh when the provider rejects the
 * access token, and moves the account to needs_reconnect with a plain-words reason when only the user can fix it.
 */
export class OAuthCredentialKeeper {
  constructor(
    private readonly provider: ProviderName,
    private readonly store: SocialAccountStore,
    private readonly vault: SecretSealer,
    /** Provider-specific refresh; throws AccountReconnectRequiredError when the grant is gone. */
    private readonly refreshTokens: (credentials: OAuthCredentials) => Promise<OAuthCredentials>,
    private readonly marginMs: number,
    /** Where a dead grant is reported: status, plain-words error and one notification per outage. */
    private readonly health: Pick<AccountHealthReporter, 'markNeedsReconnect'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  seal(workspaceId: string, credentials: OAuthCredentials): Promise<SealedSecret> {
    return this.vault.sealJson(this.context(workspaceId), credentials);
  }

  /** Runs `call` with a fresh access token; on an auth failure refreshes once and retries. */
  async withAccessToken<T>(account: SocialAccount, call: (accessToken: string) => Promise<T>): Promise<T> {
    if (account.status === 'needs_reconnect')
      throw new AccountReconnectRequiredError(
        this.provider,
        account.lastError ?? 'The connection to this account has expired.',
      );
    let credentials = await this.open(account);
    if (this.expiresSoon(credentials)) credentials = await this.refreshAndStore(account, credentials);
    try {
      return await call(credentials.accessToken);
    } catch (error) {
      if (!(error instanceof AccountReconnectRequiredError) || !credentials.refreshToken) throw error;
      logger.info('access token rejected; refreshing once', {
        provider: this.provider,
        accountId: account.id,
      });
      const refreshed = await this.refreshAndStore(account, credentials);
      try {
        return await call(refreshed.accessToken);
      } catch (retryError) {
        if (retryError instanceof AccountReconnectRequiredError)
          await this.markNeedsReconnect(account, retryError.reason);
        throw retryError;
      }
    }
  }

  /** The scheduled refresh: refreshes now if the access token expires within the margin. */
  async refreshIfExpiring(account: SocialAccount): Promise<{ tokenExpiresAt: string | null }> {
    const credentials = await this.open(account);
    if (!this.expiresSoon(credentials)) return { tokenExpiresAt: credentials.expiresAt };
    const refreshed = await this.refreshAndStore(account, credentials);
    return { tokenExpiresAt: refreshed.expiresAt };
  }

  async markNeedsReconnect(account: SocialAccount, reason: string): Promise<void> {
    await this.health.markNeedsReconnect(account, reason);
  }

  private async refreshAndStore(
    account: SocialAccount,
    credentials: OAuthCredentials,
  ): Promise<OAuthCredentials> {
    try {
      if (!credentials.refreshToken)
        throw new AccountReconnectRequiredError(
          this.provider,
          'The provider gave no refresh token for this account.',
        );
      if (credentials.refreshExpiresAt && Date.parse(credentials.refreshExpiresAt) <= this.now().getTime())
        throw new AccountReconnectRequiredError(this.provider, 'The long-lived authorization has expired.');
      const refreshed = await this.refreshTokens(credentials);
      await this.store.update(account.workspaceId, account.id, {
        sealedCredentials: await this.seal(account.workspaceId, refreshed),
        tokenExpiresAt: refreshed.expiresAt,
        status: 'active',
        lastError: null,
      });
      return refreshed;
    } catch (error) {
      if (!(error instanceof AccountReconnectRequiredError)) throw error;
      // With rotating refresh tokens, a concurrent refresh (the job and a request) invalidates ours: if the
      // stored token set changed since we read it, the other refresh won and its tokens are the ones to use.
      const current = await this.store.get(account.workspaceId, account.id);
      if (current && current.status === 'active' && current.tokenExpiresAt !== account.tokenExpiresAt)
        return this.open(current);
      await this.markNeedsReconnect(account, error.reason);
      throw error;
    }
  }

  private open(account: SocialAccount): Promise<OAuthCredentials> {
    return this.vault.openJson<OAuthCredentials>(
      this.context(account.workspaceId),
      account.sealedCredentials,
    );
  }

  private expiresSoon(credentials: OAuthCredentials): boolean {
    return (
      credentials.expiresAt !== null &&
      Date.parse(credentials.expiresAt) - this.now().getTime() < this.marginMs
    );
  }

  private context(workspaceId: string) {
    return { workspaceId, provider: this.provider };
  }
}

/** Epoch-relative lifetime → ISO instant. */
export const expiryFrom = (now: Date, seconds: number | null | undefined): string | null =>
  seconds && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null;
