import { earliestExpiry } from '../../domain/accounts/expiry';
import { type OAuthStateClaims, signOAuthState, verifyOAuthState } from '../../domain/oauth/signed-state';
import { AccountAlreadyConnectedError } from '../../errors';
import { logger } from '../../observability/logger';
import { connectedAccount } from '../social/connected-account';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import type { TokenVault } from '../vault/token-vault';
import type { MetaCredentials, MetaLoginGateway, MetaPage, OAuthNonceStore } from './ports';

export interface MetaConnectSettings {
  /** The callback URL registered in the Meta app: <APP_BASE_URL>/social-accounts/meta/callback */
  redirectUri: string;
  stateSecret: () => Promise<Uint8Array>;
  now?: () => Date;
}

/** Why a callback failed, as the `error` the frontend receives. */
export type ConnectFailure =
  | 'invalid_state'
  | 'access_denied'
  | 'no_accounts'
  | 'provider_error'
  /** Every Page and Instagram account of the login belongs to another workspace. */
  | 'account_already_connected';

export type ConnectOutcome =
  | {
      ok: true;
      workspaceId: string;
      accounts: SocialAccount[];
      /** The accounts that were connected before (a reconnect): the caller recovers what the outage held back. */
      reconnected: SocialAccount[];
      /** Pages or Instagram accounts of this login that another workspace owns: left where they are. */
      alreadyConnected: number;
    }
  | {
      ok: false;
      error: ConnectFailure /** Our sentence for the user, when the code alone does not say what to do. */;
      message?: string;
    };

export class MetaConnectService {
  private readonly now: () => Date;

  constructor(
    private readonly gateway: MetaLoginGateway,
    private readonly accounts: SocialAccountStore,
    private readonly vault: TokenVault,
    private readonly nonces: OAuthNonceStore,
    private readonly settings: MetaConnectSettings,
  ) {
    this.now = settings.now ?? (() => new Date());
  }

  async authUrl(workspaceId: string, userId: string): Promise<string> {
    const state = signOAuthState(
      { provider: 'meta', workspaceId, userId },
      await this.settings.stateSecret(),
      this.now(),
    );
    return this.gateway.authorizeUrl(state, this.settings.redirectUri);
  }

  /**
   * The browser comes back from Facebook with `code` and our `state`. Nothing is stored unless the state is
   * authentic, unexpired and unused; then code → short-lived → long-lived token (once), and one account per
   * Page and per Instagram business account behind it, each with the Page token sealed in the vault. The Page
   * tokens listed with a long-lived user token do not expire; what does expire is the app's data access (90
   * days after the person last logged in). The account's `tokenExpiresAt` is the earliest of the two as Meta's
   * debug_token reports them, so the expiry warning announces only what really ends.
   */
  async callback(query: {
    code?: string | undefined;
    state?: string | undefined;
    error?: string | undefined;
  }): Promise<ConnectOutcome> {
    const verified = verifyOAuthState(query.state, 'meta', await this.settings.stateSecret(), this.now());
    if (!verified.ok) return { ok: false, error: 'invalid_state' };
    const claims = verified.claims;
    if (!(await this.nonces.consume(claims.workspaceId, claims.nonce, new Date(claims.exp * 1000))))
      return { ok: false, error: 'invalid_state' };
    if (query.error || !query.code) return { ok: false, error: 'access_denied' };

    const short = await this.gateway.exchangeCode(query.code, this.settings.redirectUri);
    const long = await this.gateway.exchangeLongLived(short.accessToken);
    const pages = await this.gateway.listPages(long.accessToken);
    if (pages.length === 0) return { ok: false, error: 'no_accounts' };

    const stored: SocialAccount[] = [];
    const reconnected: SocialAccount[] = [];
    let alreadyConnected = 0;
    let conflict: AccountAlreadyConnectedError | undefined;
    // One login may reach several Pages: those another workspace owns stay there, the others connect here.
    const keep = async (storing: Promise<{ account: SocialAccount; existed: boolean }>) => {
      try {
        const { account, existed } = await storing;
        stored.push(account);
        if (existed) reconnected.push(account);
      } catch (error) {
        if (!(error instanceof AccountAlreadyConnectedError)) throw error;
        alreadyConnected += 1;
        conflict = error;
      }
    };
    for (const page of pages) {
      await this.gateway.subscribePage(page);
      const credentials: MetaCredentials = { pageAccessToken: page.accessToken };
      const tokenExpiresAt = await this.expiryOf(page);
      await keep(
        this.store(claims, page, credentials, tokenExpiresAt, {
          platform: 'facebook',
          externalId: page.id,
          displayName: page.name,
        }),
      );
      const instagram = await this.gateway.instagramAccountOf(page);
      if (instagram)
        await keep(
          this.store(claims, page, credentials, tokenExpiresAt, {
            platform: 'instagram',
            externalId: instagram.id,
            displayName: instagram.username ? `@${instagram.username}` : page.name,
          }),
        );
    }
    if (stored.length === 0 && conflict)
      return { ok: false, error: 'account_already_connected', message: conflict.message };
    return { ok: true, workspaceId: claims.workspaceId, accounts: stored, reconnected, alreadyConnected };
  }

  /** Meta's expiry of a Page token; unknown (null, logged) when debug_token cannot be read: the connect goes on. */
  private async expiryOf(page: MetaPage): Promise<string | null> {
    try {
      const expiry = await this.gateway.inspectToken(page.accessToken);
      return earliestExpiry(expiry.expiresAt, expiry.dataAccessExpiresAt);
    } catch (error) {
      logger.warn('meta debug_token failed: token expiry unknown', {
        pageId: page.id,
        error: error as Error,
      });
      return null;
    }
  }

  /**
   * Reconnecting the same Page keeps its id, connection date and collector position. The store claims the
   * external account first: AccountAlreadyConnectedError when another workspace owns it.
   */
  private async store(
    claims: OAuthStateClaims,
    page: MetaPage,
    credentials: MetaCredentials,
    tokenExpiresAt: string | null,
    identity: Pick<SocialAccount, 'platform' | 'externalId' | 'displayName'>,
  ): Promise<{ account: SocialAccount; existed: boolean }> {
    const id = `${identity.platform}-${identity.externalId}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const existing = await this.accounts.get(claims.workspaceId, id);
    const account = connectedAccount(
      {
        id,
        workspaceId: claims.workspaceId,
        provider: 'meta',
        ...identity,
        sealedCredentials: await this.vault.sealJson(
          { workspaceId: claims.workspaceId, provider: 'meta' },
          credentials,
        ),
        tokenExpiresAt,
        details: { pageId: page.id, pageName: page.name, connectedBy: claims.userId },
      },
      existing,
      this.now(),
    );
    await this.accounts.put(account);
    return { account, existed: existing !== undefined };
  }
}
