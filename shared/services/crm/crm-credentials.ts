import { AppError } from '../../errors';
import { logger } from '../../observability/logger';
import { GoogleOAuthError, type GoogleOAuthPort } from '../google/ports';
import type { NotifyInput } from '../notifications/notification-service';
import type { SecretSealer } from '../social/credentials';
import {
  type CrmCredentials,
  CrmRequestError,
  type Integration,
  type IntegrationStore,
  type SheetsCredentials,
} from './ports';

export interface CrmCredentialKeeperOptions {
  vault: SecretSealer;
  integrations: IntegrationStore;
  /** Google OAuth for Sheets (lazy: throws 503 provider_not_configured without GOOGLE_CLIENT_ID/SECRET). */
  google: () => GoogleOAuthPort;
  notifications: { notify(workspaceId: string, input: NotifyInput): Promise<boolean> };
  /** Access tokens expiring within this margin are refreshed before the call (TOKEN_REFRESH_MARGIN_MINUTES). */
  refreshMarginMs: number;
  now?: () => Date;
}

const REVOKED =
  'Google says the Sheets authorization has expired or was revoked; connect Google Sheets again to resume syncing.';

/**
 * Keeps a CRM's credentials usable for one call. Notion and Airtable keys are opened as they are. A Sheets grant is
 * refreshed before its access token expires (Google's last about an hour), refreshed once more when Sheets answers
 * 401 anyway, and when Google says invalid_grant the integration moves to needs_reconnect and the workspace is told
 * once per outage. A refreshed access token is sealed back at once (Google keeps the refresh token unchanged).
 */
export class CrmCredentialKeeper {
  private readonly now: () => Date;

  constructor(private readonly options: CrmCredentialKeeperOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async withCredentials<T>(
    integration: Integration,
    call: (credentials: CrmCredentials) => Promise<T>,
  ): Promise<T> {
    let credentials = await this.options.vault.openJson<CrmCredentials>(
      { workspaceId: integration.workspaceId, provider: integration.crm },
      integration.credentials,
    );
    if (credentials.crm !== 'sheets') return call(credentials);
    if (expiresSoon(credentials, this.now(), this.options.refreshMarginMs))
      credentials = await this.refresh(integration, credentials);
    try {
      return await call(credentials);
    } catch (error) {
      if (!(error instanceof CrmRequestError) || error.status !== 401) throw error;
      logger.info('Sheets refused the access token; refreshing once', {
        workspaceId: integration.workspaceId,
      });
      const refreshed = await this.refresh(integration, credentials);
      try {
        return await call(refreshed);
      } catch (retryError) {
        if (retryError instanceof CrmRequestError && retryError.status === 401)
          await this.markNeedsReconnect(
            integration,
            'Google Sheets refused a freshly renewed authorization.',
          );
        throw retryError;
      }
    }
  }

  private async refresh(
    integration: Integration,
    credentials: SheetsCredentials,
  ): Promise<SheetsCredentials> {
    let tokens: Awaited<ReturnType<GoogleOAuthPort['refresh']>>;
    try {
      tokens = await this.options.google().refresh(credentials.refreshToken);
    } catch (error) {
      if (error instanceof GoogleOAuthError && error.kind === 'revoked') {
        await this.markNeedsReconnect(integration, REVOKED);
        throw new CrmRequestError('sheets', REVOKED, 401, false);
      }
      if (error instanceof AppError) throw new CrmRequestError('sheets', error.message, error.status, false);
      const message = error instanceof Error ? error.message : 'Google could not renew the authorization.';
      throw new CrmRequestError('sheets', `Renewing the Google authorization failed: ${message}`, 503, true);
    }
    const refreshed: SheetsCredentials = {
      ...credentials,
      accessToken: tokens.accessToken,
      expiresAt: tokens.expiresAt,
      scope: tokens.scope || credentials.scope,
      refreshToken: tokens.refreshToken ?? credentials.refreshToken,
    };
    await this.options.integrations.update(integration.workspaceId, 'sheets', {
      credentials: await this.options.vault.sealJson(
        { workspaceId: integration.workspaceId, provider: 'sheets' },
        refreshed,
      ),
      updatedAt: this.now().toISOString(),
    });
    return refreshed;
  }

  /** Nothing syncs until the admin connects again; one notification per outage (named by the last connect). */
  private async markNeedsReconnect(integration: Integration, reason: string): Promise<void> {
    await this.options.integrations.update(integration.workspaceId, integration.crm, {
      status: 'needs_reconnect',
      lastError: reason,
      updatedAt: this.now().toISOString(),
    });
    await this.options.notifications.notify(integration.workspaceId, {
      kind: 'integration_needs_reconnect',
      title: 'Reconnect Google Sheets',
      body: `Leads are no longer copied to your spreadsheet: ${reason} Leads found meanwhile are synced after reconnecting.`,
      dedupeKey: `integration_needs_reconnect:${integration.crm}:${integration.connectedAt ?? integration.createdAt}`,
    });
  }
}

function expiresSoon(credentials: SheetsCredentials, now: Date, marginMs: number): boolean {
  return credentials.expiresAt !== null && Date.parse(credentials.expiresAt) - now.getTime() < marginMs;
}
