import { type OAuthErrorCode, oauthCallbackUrl, oauthErrorCode } from '../../domain/oauth/callback';
import { planOf } from '../../domain/plans/catalog';
import { AppError, PlanRequiredError } from '../../errors';
import type { GoogleOAuthPort } from '../google/ports';
import type { SecretSealer } from '../social/credentials';
import type { OAuthCallbackQuery } from '../social/oauth-connect';
import type { OAuthStateSigner } from '../social/oauth-state';
import type { IntegrationStore, PendingGrantStore, SheetsCredentials } from './ports';

/**
 * Sheets' one scope: "See, edit, create, and delete all your Google Sheets spreadsheets" — what writing rows into
 * the spreadsheet the workspace names needs (https://developers.google.com/workspace/sheets/api/scopes). drive.file
 * would only open files picked with Google Picker or created by Flow IA, which this flow does not do.
 */
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

/** A grant waiting for its spreadsheet: long enough to come back to the settings page, not forever. */
const PENDING_GRANT_TTL_MS = 24 * 3600_000;

export interface SheetsConnectDependencies {
  /** The one OAuth state mechanism of every connect flow (PKCE, browser binding, single use), provider 'sheets'. */
  states: OAuthStateSigner;
  /** Google OAuth (lazy: throws 503 provider_not_configured without GOOGLE_CLIENT_ID/SECRET). */
  google: () => GoogleOAuthPort;
  integrations: IntegrationStore;
  grants: PendingGrantStore;
  workspaces: { getWorkspace(id: string): Promise<{ plan: string } | undefined> };
  vault: SecretSealer;
  urls: { appBaseUrl: string; frontendUrl: string };
  now?: () => Date;
}

/**
 * Connects Google Sheets with Google OAuth 2.0 (offline access, so a refresh token comes back): an auth URL for a
 * workspace admin, then the public callback that checks the shared signed state, exchanges the code and seals the
 * grant. A workspace already syncing to Sheets gets its credentials replaced in place (a reconnect clears
 * needs_reconnect); otherwise the grant waits, sealed, for PUT /integrations/sheets to name the spreadsheet. The
 * browser goes back to the frontend with the outcome, never a token.
 */
export class SheetsConnectService {
  private readonly now: () => Date;

  constructor(private readonly deps: SheetsConnectDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  redirectUri(): string {
    return oauthCallbackUrl(this.deps.urls.appBaseUrl, 'sheets');
  }

  /** The consent URL, and the binding value the auth-url route puts in this browser's HttpOnly cookie. */
  async authorizationUrl(workspaceId: string, userId: string): Promise<{ url: string; binding: string }> {
    const workspace = await this.deps.workspaces.getWorkspace(workspaceId);
    if (!planOf(workspace?.plan).features.crmSync)
      throw new PlanRequiredError('CRM sync needs the Premium or Ultra plan.');
    const google = this.deps.google();
    const { state, codeChallenge, binding } = await this.deps.states.issue({
      workspaceId,
      userId,
      provider: 'sheets',
    });
    const url = google.authorizationUrl({
      scopes: [SHEETS_SCOPE],
      state,
      redirectUri: this.redirectUri(),
      codeChallenge,
    });
    return { url, binding };
  }

  /**
   * Where to send the browser: the frontend, with `status=connected`, `status=authorized`, or `status=error` and
   * one fixed `code` (domain/oauth/callback.ts), never Google's own text. `binding` is the auth-url cookie.
   */
  async complete(query: OAuthCallbackQuery, binding: string | undefined): Promise<string> {
    try {
      if (query.error)
        return this.failed(query.error === 'access_denied' ? 'access_denied' : 'provider_error');
      if (!query.code || !query.state) return this.failed('invalid_request');
      const claims = await this.deps.states.redeem(query.state, 'sheets', binding);
      const tokens = await this.exchange(query.code, claims.codeVerifier);
      if (!tokens.scope.split(' ').includes(SHEETS_SCOPE)) return this.failed('scope_missing');
      if (!tokens.refreshToken) return this.failed('no_refresh_token');
      const credentials: SheetsCredentials = {
        crm: 'sheets',
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        scope: tokens.scope,
      };
      const sealed = await this.deps.vault.sealJson(
        { workspaceId: claims.workspaceId, provider: 'sheets' },
        credentials,
      );
      const at = this.now();
      const reconnected = await this.deps.integrations.update(claims.workspaceId, 'sheets', {
        credentials: sealed,
        status: 'active',
        lastError: null,
        connectedAt: at.toISOString(),
        updatedAt: at.toISOString(),
      });
      if (reconnected) return this.frontend({ status: 'connected' });
      await this.deps.grants.put(
        claims.workspaceId,
        'sheets',
        sealed,
        at.toISOString(),
        new Date(at.getTime() + PENDING_GRANT_TTL_MS),
      );
      return this.frontend({ status: 'authorized' });
    } catch (error) {
      if (error instanceof AppError) return this.failed(oauthErrorCode(error.code));
      throw error;
    }
  }

  private failed(code: OAuthErrorCode): string {
    return this.frontend({ status: 'error', code });
  }

  private async exchange(code: string, codeVerifier: string) {
    try {
      return await this.deps.google().exchangeCode(code, this.redirectUri(), codeVerifier);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const message = error instanceof Error ? error.message : 'the code exchange failed';
      throw new AppError(502, 'provider_error', `Google refused the connection: ${message}`);
    }
  }

  private frontend(result: Record<string, string>): string {
    const url = new URL('/integrations/callback', this.deps.urls.frontendUrl);
    url.searchParams.set('crm', 'sheets');
    for (const [key, value] of Object.entries(result)) url.searchParams.set(key, value);
    return url.toString();
  }
}
