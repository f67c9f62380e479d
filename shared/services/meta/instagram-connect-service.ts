import type { OAuthErrorCode } from '../../domain/oauth/callback';
import { AccountAlreadyConnectedError } from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import { connectedAccount } from '../social/connected-account';
import { type OAuthStateClaims, OAuthStateError, type OAuthStateSigner } from '../social/oauth-state';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import type { TokenVault } from '../vault/token-vault';
import { instagramUserKey } from './instagram-login-users';
import type { InstagramLoginCredentials, InstagramLoginGateway, MetaUserIndex } from './ports';

/** The state's provider: its own, so a Facebook Login state cannot finish an Instagram Login and back. */
export const INSTAGRAM_LOGIN = 'instagram';
/** Without these the account cannot be answered from: the person unticked them in the authorization window. */
const REQUIRED_PERMISSIONS = ['instagram_business_basic', 'instagram_business_manage_messages'];

export interface InstagramConnectSettings {
  /** The OAuth redirect URI pasted in the dashboard: <APP_BASE_URL>/social-accounts/instagram/callback */
  redirectUri: string;
  now?: () => Date;
}

export type InstagramConnectOutcome =
  | { ok: true; workspaceId: string; account: SocialAccount; reconnected: SocialAccount[] }
  | { ok: false; error: OAuthErrorCode };

/**
 * Connects one Instagram professional account through the Instagram Login (no Facebook Page needed): the signed,
 * browser-bound, single-use state of every provider; then code → short-lived token → long-lived token (60 days)
 * → the account's IG ID and username (/me) → its webhooks enabled → one `instagram` account of provider `meta`
 * with `details.login = "instagram"`, its token sealed in the vault. The same IG ID connected earlier through
 * Facebook Login in this workspace is the same account (same id, claim and history): the newer login replaces
 * its credentials.
 */
export class InstagramConnectService {
  private readonly now: () => Date;

  constructor(
    private readonly gateway: InstagramLoginGateway,
    private readonly accounts: SocialAccountStore,
    private readonly vault: TokenVault,
    private readonly states: OAuthStateSigner,
    private readonly settings: InstagramConnectSettings,
    private readonly audit?: AuditRecorder,
    /** Where the exchange's Instagram-scoped user_id is kept, for the Instagram app's callbacks to find the account. */
    private readonly users?: MetaUserIndex,
  ) {
    this.now = settings.now ?? (() => new Date());
  }

  async authUrl(workspaceId: string, userId: string): Promise<{ url: string; binding: string }> {
    const { state, binding } = await this.states.issue({ provider: INSTAGRAM_LOGIN, workspaceId, userId });
    return { url: this.gateway.authorizeUrl(state, this.settings.redirectUri), binding };
  }

  /**
   * Nothing is exchanged nor stored unless the state is authentic, unexpired, unused and from this browser. A
   * cancelled window (error=access_denied) is access_denied; any other error or a missing code is reported
   * without calling Instagram.
   */
  async callback(
    query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
    binding: string | undefined,
  ): Promise<InstagramConnectOutcome> {
    let claims: OAuthStateClaims;
    try {
      claims = await this.states.redeem(query.state, INSTAGRAM_LOGIN, binding);
    } catch (error) {
      if (error instanceof OAuthStateError) return { ok: false, error: error.code };
      throw error;
    }
    if (query.error)
      return { ok: false, error: query.error === 'access_denied' ? 'access_denied' : 'provider_error' };
    if (!query.code) return { ok: false, error: 'invalid_request' };

    const short = await this.gateway.exchangeCode(query.code, this.settings.redirectUri);
    if (short.permissions && REQUIRED_PERMISSIONS.some((p) => !short.permissions!.includes(p)))
      return { ok: false, error: 'scope_missing' };
    const long = await this.gateway.exchangeLongLived(short.accessToken);
    const profile = await this.gateway.profile(long.accessToken);
    await this.gateway.subscribe(long.accessToken);

    const now = this.now();
    const credentials: InstagramLoginCredentials = {
      login: 'instagram',
      accessToken: long.accessToken,
      expiresAt: long.expiresInSeconds
        ? new Date(now.getTime() + long.expiresInSeconds * 1000).toISOString()
        : null,
      issuedAt: now.toISOString(),
    };
    const id = `instagram-${profile.igUserId}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const existing = await this.accounts.get(claims.workspaceId, id);
    const account = connectedAccount(
      {
        id,
        workspaceId: claims.workspaceId,
        provider: 'meta',
        platform: 'instagram',
        externalId: profile.igUserId,
        displayName: profile.username ? `@${profile.username}` : profile.igUserId,
        sealedCredentials: await this.vault.sealJson(
          { workspaceId: claims.workspaceId, provider: 'meta' },
          credentials,
        ),
        tokenExpiresAt: credentials.expiresAt,
        details: {
          login: 'instagram',
          tokenIssuedAt: credentials.issuedAt,
          connectedBy: claims.userId,
          ...(profile.username ? { username: profile.username } : {}),
        },
      },
      existing,
      now,
    );
    try {
      // The store claims the IG ID first: another workspace's account stays there.
      await this.accounts.put(account);
    } catch (error) {
      if (error instanceof AccountAlreadyConnectedError)
        return { ok: false, error: 'account_already_connected' };
      throw error;
    }
    if (short.userId && short.userId !== profile.igUserId)
      await this.users?.link(instagramUserKey(short.userId), claims.workspaceId, account.id);
    await this.audit?.record(
      claims.workspaceId,
      { type: 'user', id: claims.userId },
      'account.connected',
      { type: 'social_account', id: account.id },
      { provider: 'meta', platform: 'instagram', externalId: account.externalId, login: 'instagram' },
    );
    return {
      ok: true,
      workspaceId: claims.workspaceId,
      account,
      reconnected: existing ? [account] : [],
    };
  }
}
