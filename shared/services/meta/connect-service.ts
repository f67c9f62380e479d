import { earliestExpiry } from '../../domain/accounts/expiry';
import type { OAuthErrorCode } from '../../domain/oauth/callback';
import { AccountAlreadyConnectedError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AuditRecorder } from '../audit/audit-log';
import { connectedAccount } from '../social/connected-account';
import { type OAuthStateClaims, OAuthStateError, type OAuthStateSigner } from '../social/oauth-state';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import type { TokenVault } from '../vault/token-vault';
import type { MetaCredentials, MetaLoginGateway, MetaPage, MetaUserIndex } from './ports';

export interface MetaConnectSettings {
  /** The callback URL registered in the Meta app: <APP_BASE_URL>/social-accounts/meta/callback */
  redirectUri: string;
  now?: () => Date;
}

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
  | { ok: false; error: OAuthErrorCode };

export class MetaConnectService {
  private readonly now: () => Date;

  constructor(
    private readonly gateway: MetaLoginGateway,
    private readonly accounts: SocialAccountStore,
    private readonly vault: TokenVault,
    /** The state mechanism every provider shares (signed, bound to the browser, single use, role re-checked). */
    private readonly states: OAuthStateSigner,
    private readonly settings: MetaConnectSettings,
    private readonly metaUsers?: MetaUserIndex,
    private readonly audit?: AuditRecorder,
  ) {
    this.now = settings.now ?? (() => new Date());
  }

  /** The dialog URL, and the browser binding for the HttpOnly cookie the auth-url response sets. */
  async authUrl(workspaceId: string, userId: string): Promise<{ url: string; binding: string }> {
    const { state, binding } = await this.states.issue({ provider: 'meta', workspaceId, userId });
    return { url: this.gateway.authorizeUrl(state, this.settings.redirectUri), binding };
  }

  /**
   * The browser comes back from Facebook with `code` and our `state`. Nothing is stored unless the state is
   * authentic, unexpired and unused; then code → short-lived → long-lived token (once), and one account per
   * Page and per Instagram business account behind it, each with the Page token sealed in the vault. The Page
   * tokens listed with a long-lived user token do not expire; what does expire is the app's data access (90
   * days after the person last logged in). The account's `tokenExpiresAt` is the earliest of the two as Meta's
   * debug_token reports them, so the expiry warning announces only what really ends.
   */
  async callback(
    query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
    binding: string | undefined,
  ): Promise<ConnectOutcome> {
    let claims: OAuthStateClaims;
    try {
      claims = await this.states.redeem(query.state, 'meta', binding);
    } catch (error) {
      if (error instanceof OAuthStateError) return { ok: false, error: error.code };
      throw error;
    }
    if (query.error)
      return { ok: false, error: query.error === 'access_denied' ? 'access_denied' : 'provider_error' };
    if (!query.code) return { ok: false, error: 'invalid_request' };

    const short = await this.gateway.exchangeCode(query.code, this.settings.redirectUri);
    const long = await this.gateway.exchangeLongLived(short.accessToken);
    const pages = await this.gateway.listPages(long.accessToken);
    if (pages.length === 0) return { ok: false, error: 'no_accounts' };

    const stored: SocialAccount[] = [];
    const reconnected: SocialAccount[] = [];
    let alreadyConnected = 0;
    // One login may reach several Pages: those another workspace owns stay there, the others connect here.
    const keep = async (storing: Promise<{ account: SocialAccount; existed: boolean }>) => {
      try {
        const { account, existed } = await storing;
        stored.push(account);
        if (existed) reconnected.push(account);
      } catch (error) {
        if (!(error instanceof AccountAlreadyConnectedError)) throw error;
        alreadyConnected += 1;
      }
    };
    for (const page of pages) {
      await this.gateway.subscribePage(page);
      const credentials: MetaCredentials = { pageAccessToken: page.accessToken };
      const { tokenExpiresAt, metaUserId } = await this.expiryOf(page);
      await keep(
        this.store(claims, page, credentials, tokenExpiresAt, metaUserId, {
          platform: 'facebook',
          externalId: page.id,
          displayName: page.name,
        }),
      );
      const instagram = await this.gateway.instagramAccountOf(page);
      if (instagram)
        await keep(
          this.store(claims, page, credentials, tokenExpiresAt, metaUserId, {
            platform: 'instagram',
            externalId: instagram.id,
            displayName: instagram.username ? `@${instagram.username}` : page.name,
          }),
        );
    }
    if (stored.length === 0 && alreadyConnected > 0) return { ok: false, error: 'account_already_connected' };
    for (const account of stored)
      await this.audit?.record(
        claims.workspaceId,
        { type: 'user', id: claims.userId },
        'account.connected',
        { type: 'social_account', id: account.id },
        { provider: 'meta', platform: account.platform, externalId: account.externalId },
      );
    return { ok: true, workspaceId: claims.workspaceId, accounts: stored, reconnected, alreadyConnected };
  }

  /** Meta's expiry of a Page token; unknown (null, logged) when debug_token cannot be read: the connect goes on. */
  private async expiryOf(
    page: MetaPage,
  ): Promise<{ tokenExpiresAt: string | null; metaUserId: string | null }> {
    try {
      const expiry = await this.gateway.inspectToken(page.accessToken);
      return {
        tokenExpiresAt: earliestExpiry(expiry.expiresAt, expiry.dataAccessExpiresAt),
        metaUserId: expiry.userId ?? null,
      };
    } catch (error) {
      logger.warn('meta debug_token failed: token expiry unknown', {
        pageId: page.id,
        error: error as Error,
      });
      return { tokenExpiresAt: null, metaUserId: null };
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
    metaUserId: string | null,
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
        details: {
          pageId: page.id,
          pageName: page.name,
          connectedBy: claims.userId,
          ...(metaUserId ? { metaUserId } : {}),
        },
      },
      existing,
      this.now(),
    );
    // The index first: a crash between the two leaves a link to nothing (ignored), never an account the
    // deletion callback cannot find.
    if (metaUserId) await this.metaUsers?.link(metaUserId, claims.workspaceId, id);
    await this.accounts.put(account);
    return { account, existed: existing !== undefined };
  }
}
