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
  /** The shared signed OAuth state (with PKCE) of every OAuth connect flow, provider 'sheets'. */
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
    return `${this.deps.urls.appBaseUrl.replace(/\/$/, '')}/integrations/sheets/callback`;
  }

  async authorizationUrl(workspaceId: string, userId: string): Promise<string> {
    const workspace = await this.deps.workspaces.getWorkspace(workspaceId);
    if (!planOf(workspace?.plan).features.crmSync)
      throw new PlanRequiredError('CRM sync needs the Premium or Ultra plan.');
    const google = this.deps.google();
    const { state, codeChallenge } = await this.deps.states.issue({
      workspaceId,
      userId,
      provider: 'sheets',
    });
    return google.authorizationUrl({
      scopes: [SHEETS_SCOPE],
      state,
      redirectUri: this.redirectUri(),
      codeChallenge,
    });
  }

  /** Where to send the browser: the frontend, with `status=connected`, `status=authorized` or `status=error`. */
  async complete(query: OAuthCallbackQuery): Promise<string> {
    try {
      if (query.error)
        return this.frontend({
          status: 'error',
          code: query.error,
          message:
            query.error === 'access_denied'
              ? 'The connection was cancelled on Google’s consent page.'
              : query.error_description?.slice(0, 200) || 'Google refused the connection.',
        });
      if (!query.code || !query.state)
        return this.frontend({ status: 'error', code: 'invalid_request', message: 'Google sent no code.' });
      const claims = await this.deps.states.verify(query.state, 'sheets');
      const tokens = await this.exchange(query.code, claims.codeVerifier);
      if (!tokens.scope.split(' ').includes(SHEETS_SCOPE))
        return this.frontend({
          status: 'error',
          code: 'scope_missing',
          message:
            'Flow IA needs permission to edit your spreadsheets: connect again and leave the Google Sheets box ticked.',
        });
      if (!tokens.refreshToken)
        return this.frontend({
          status: 'error',
          code: 'no_refresh_token',
          message:
            'Google gave no refresh token; remove Flow IA from your Google account’s third-party access and connect again.',
        });
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
      if (error instanceof AppError)
        return this.frontend({ status: 'error', code: error.code, message: error.message });
      throw error;
    }
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
