import { asSentence, lastEventDue } from '../../domain/accounts/account-problems';
import { daysLeft, expiryWarningDue } from '../../domain/accounts/expiry';
import { logger } from '../../observability/logger';
import type { NotificationService } from '../notifications/notification-service';
import type { SocialAccount, SocialAccountStore } from '../social/ports';
import type { AccountHealthReporter } from './ports';

const PROVIDER_LABEL: Record<string, string> = {
  meta: 'Instagram/Facebook',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
};
const label = (account: SocialAccount) =>
  `${PROVIDER_LABEL[account.provider] ?? account.provider} account “${account.displayName}”`;
/**
 * One outage = one notification: the outage is named by the account's last (re)connection, which a reconnect
 * moves forward (details.reconnectedAt), so the next outage notifies again.
 */
const outageOf = (account: SocialAccount) => account.details?.reconnectedAt ?? account.connectedAt;

/**
 * Makes account problems impossible to miss: an auth failure pauses the account's automations
 * (status needs_reconnect) and tells the workspace once per outage; tokens close to expiry are announced ahead.
 */
export class AccountHealthService implements AccountHealthReporter {
  constructor(
    private readonly accounts: SocialAccountStore,
    private readonly notifications: NotificationService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Token expired or revoked, password changed, cookie expired: automations stop until the user reconnects. */
  async markNeedsReconnect(account: SocialAccount, cause: string): Promise<void> {
    const reason = asSentence(cause);
    await this.accounts.update(account.workspaceId, account.id, {
      status: 'needs_reconnect',
      lastError: reason,
    });
    await this.notifications.notify(account.workspaceId, {
      kind: 'account_needs_reconnect',
      title: `Reconnect your ${label(account)}`,
      body: `Automations for this account are paused: ${reason} Reconnect it to resume; messages received meanwhile are recovered after reconnecting.`,
      accountId: account.id,
      // Once per outage: a reconnect changes connectedAt, so the next outage notifies again.
      dedupeKey: `needs_reconnect:${account.id}:${outageOf(account)}`,
    });
  }

  /** A checkpoint or a provider block: the user must act in the provider's own app. */
  async markPaused(account: SocialAccount, cause: string): Promise<void> {
    const reason = asSentence(cause);
    await this.accounts.update(account.workspaceId, account.id, { status: 'paused', lastError: reason });
    await this.notifications.notify(account.workspaceId, {
      kind: 'account_paused',
      title: `Action needed on your ${label(account)}`,
      body: `Automations for this account are paused: ${reason}`,
      accountId: account.id,
      dedupeKey: `paused:${account.id}:${outageOf(account)}`,
    });
  }

  /**
   * "Last event received": written at most once a minute per account (the caller's copy of the account tells
   * whether the stored time is recent), best effort — it never fails the delivery that reports it.
   */
  async recordEvent(account: SocialAccount, at: string = this.now().toISOString()): Promise<void> {
    if (!lastEventDue(account.lastEventAt, at)) return;
    try {
      await this.accounts.update(account.workspaceId, account.id, { lastEventAt: at });
    } catch (error) {
      logger.warn('could not record lastEventAt', { error: error as Error, accountId: account.id });
    }
  }

  /**
   * The user connected the account again (OAuth callback): it is active, its error cleared, and a new outage
   * period starts (the next failure notifies again). The connect flow already stored the fresh credentials.
   */
  async markReconnected(account: SocialAccount): Promise<SocialAccount> {
    const at = this.now().toISOString();
    const details = { ...account.details, reconnectedAt: at };
    await this.accounts.update(account.workspaceId, account.id, {
      status: 'active',
      lastError: null,
      details,
    });
    return { ...account, status: 'active', lastError: null, details };
  }

  /**
   * Announces tokens that will expire within the warning horizon; one notice per account and expiry date.
   * Accounts whose provider renews them (the refresh-tokens schedule: TikTok and Google refresh tokens) are
   * skipped: their short-lived access tokens always "expire soon", and a refused renewal is an
   * outage reported by markNeedsReconnect instead.
   */
  async warnExpiringTokens(
    renewsAutomatically: (account: SocialAccount) => boolean = () => false,
  ): Promise<number> {
    let warned = 0;
    let cursor: string | undefined;
    const now = this.now();
    do {
      const page = await this.accounts.listAll(cursor);
      for (const account of page.items) {
        if (account.status !== 'active' || !expiryWarningDue(account.tokenExpiresAt, now)) continue;
        if (renewsAutomatically(account)) continue;
        const expiresAt = account.tokenExpiresAt as string;
        const created = await this.notifications.notify(account.workspaceId, {
          kind: 'token_expiring',
          title: `Your ${label(account)} connection expires in ${daysLeft(expiresAt, now)} day(s)`,
          body: `Flow IA could not renew this connection automatically. Reconnect the account before ${expiresAt.slice(0, 10)} so automations keep running.`,
          accountId: account.id,
          dedupeKey: `token_expiring:${account.id}:${expiresAt}`,
        });
        if (created) warned += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return warned;
  }
}
