import type { AuditActor } from '../../domain/audit/audit-entry';
import { NotFoundError } from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import type { SocialAccount, SocialAccountStore } from './ports';

/** What the API shows of a connected account: never the sealed credentials, cursor or internal details. */
export type SocialAccountView = Pick<
  SocialAccount,
  | 'id'
  | 'provider'
  | 'platform'
  | 'externalId'
  | 'displayName'
  | 'status'
  | 'tokenExpiresAt'
  | 'lastEventAt'
  | 'lastError'
  | 'connectedAt'
>;

export function toSocialAccountView(account: SocialAccount): SocialAccountView {
  return {
    id: account.id,
    provider: account.provider,
    platform: account.platform,
    externalId: account.externalId,
    displayName: account.displayName,
    status: account.status,
    tokenExpiresAt: account.tokenExpiresAt,
    lastEventAt: account.lastEventAt,
    lastError: account.lastError,
    connectedAt: account.connectedAt,
  };
}

/** The provider-neutral side of connected accounts (every provider's connect flow stores into the same place). */
export class SocialAccountService {
  constructor(
    private readonly accounts: SocialAccountStore,
    private readonly audit?: AuditRecorder,
  ) {}

  async list(workspaceId: string): Promise<SocialAccountView[]> {
    const accounts = await this.accounts.list(workspaceId);
    return accounts
      .map(toSocialAccountView)
      .sort((a, b) => a.connectedAt.localeCompare(b.connectedAt) || a.id.localeCompare(b.id));
  }

  /** Disconnecting deletes the sealed credentials with the account; webhooks for it are skipped from then on. */
  async remove(workspaceId: string, accountId: string, actor: AuditActor): Promise<void> {
    const account = await this.accounts.get(workspaceId, accountId);
    if (!account) throw new NotFoundError('Social account not found.');
    await this.accounts.remove(workspaceId, accountId);
    await this.audit?.record(
      workspaceId,
      actor,
      'account.disconnected',
      { type: 'social_account', id: accountId },
      { provider: account.provider, platform: account.platform, externalId: account.externalId },
    );
  }
}
