import { randomUUID } from 'node:crypto';
import type { Platform } from '../../domain/messages/platforms';
import { AccountAlreadyConnectedError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AccountClaim, AccountClaimStore, SocialAccount, SocialAccountStore } from './ports';

/**
 * A claim this old whose account item is gone (or names another external account) is left over from a connect
 * that died between its two writes, or from a deleted workspace: another workspace may take it over. Younger
 * claims may belong to a connect still in flight (claim written, account item about to be), so they stand.
 */
export const STALE_CLAIM_AFTER_MS = 60_000;

const WHAT: Record<Platform, string> = {
  instagram: 'This Instagram account',
  facebook: 'This Facebook Page',
  tiktok: 'This TikTok account',
  youtube: 'This YouTube channel',
  linkedin: 'This LinkedIn member',
};

export const alreadyConnected = (platform: Platform) =>
  new AccountAlreadyConnectedError(
    `${WHAT[platform]} is already connected to another Flow IA workspace. To move it here, an admin of that workspace disconnects it there first (DELETE /social-accounts/{id}), then connect it again here.`,
  );

const sameExternal = (account: SocialAccount, claim: Pick<AccountClaim, 'platform' | 'externalId'>) =>
  account.platform === claim.platform && account.externalId === claim.externalId;

/**
 * The social account store every connect and disconnect path uses: an external account belongs to at most one
 * workspace. DynamoDB has no transaction on the local stage, so ownership is two ordered conditional writes:
 *
 *   connect     1. claim  EXTCLAIM#<platform>#<id>   put if absent, or already this workspace's (reconnect)
 *               2. put    WS#<ws> / ACCOUNT#<id>     the account item itself
 *               ✗ 2 fails → undo 1 (delete the claim if it is still exactly the one written in 1)
 *   disconnect  1. delete the account item           from then on nothing routes to it
 *               2. release the claim                 only if it still names this workspace and account
 *
 * Every crash point leaves a safe state: a claim without its account item blocks nobody for long (another
 * workspace takes it over once it is older than STALE_CLAIM_AFTER_MS and its account is still missing), and an
 * account item never exists without its claim, so two workspaces never both hold one external account. Routing
 * (webhooks) reads the claim, never a list of candidates.
 */
export class ClaimingSocialAccountStore implements SocialAccountStore {
  constructor(
    private readonly accounts: SocialAccountStore,
    private readonly claims: AccountClaimStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a connected account after claiming its external account; 409 account_already_connected if taken. */
  async put(account: SocialAccount): Promise<void> {
    const before = await this.accounts.get(account.workspaceId, account.id);
    const { claim, fresh } = await this.claim(account);
    try {
      await this.accounts.put(account);
    } catch (error) {
      if (fresh) await this.undo(claim);
      throw error;
    }
    // The same account item now stands for another external account (a LinkedIn session of another member):
    // the old one is free again.
    if (before && !sameExternal(before, account)) await this.releaseQuietly(before);
  }

  /** Disconnects: the account item first, then its claim (see the timeline above). */
  async remove(workspaceId: string, accountId: string): Promise<void> {
    const account = await this.accounts.get(workspaceId, accountId);
    await this.accounts.remove(workspaceId, accountId);
    if (account) await this.releaseQuietly(account);
  }

  /**
   * The one account that receives what the platform sends for this external account, whatever its status (the
   * caller decides what a status allows). Accounts stored before claims existed have none: the oldest such
   * account of the external id is its owner, so even old data never routes one message to two workspaces.
   */
  async ownerOf(platform: Platform, externalId: string): Promise<SocialAccount | undefined> {
    const claim = await this.claims.get(platform, externalId);
    if (claim) {
      const account = await this.accounts.get(claim.workspaceId, claim.accountId);
      return account && sameExternal(account, claim) ? account : undefined;
    }
    const [oldest] = (await this.accounts.findByExternalId(platform, externalId)).sort(
      (a, b) => a.connectedAt.localeCompare(b.connectedAt) || a.workspaceId.localeCompare(b.workspaceId),
    );
    // The index is eventually consistent: confirm the account still exists before routing to it.
    return oldest ? this.accounts.get(oldest.workspaceId, oldest.id) : undefined;
  }

  get(workspaceId: string, accountId: string) {
    return this.accounts.get(workspaceId, accountId);
  }

  list(workspaceId: string) {
    return this.accounts.list(workspaceId);
  }

  findByExternalId(platform: Platform, externalId: string) {
    return this.accounts.findByExternalId(platform, externalId);
  }

  update(workspaceId: string, accountId: string, changes: Parameters<SocialAccountStore['update']>[2]) {
    return this.accounts.update(workspaceId, accountId, changes);
  }

  listAll(cursor?: string) {
    return this.accounts.listAll(cursor);
  }

  /** `fresh`: this write created the claim (nobody held it), so a failed account write must undo it. */
  private async claim(account: SocialAccount): Promise<{ claim: AccountClaim; fresh: boolean }> {
    const claim: AccountClaim = {
      platform: account.platform,
      externalId: account.externalId,
      workspaceId: account.workspaceId,
      accountId: account.id,
      claimId: randomUUID(),
      claimedAt: this.now().toISOString(),
    };
    // A few rounds at most: each lost round means the claim changed hands (released or taken over) meanwhile.
    for (let round = 0; round < 3; round++) {
      const result = await this.claims.claim(claim);
      if (result.claimed) return { claim, fresh: result.previous === undefined };
      const holder = await this.claims.get(account.platform, account.externalId);
      if (!holder) continue;
      if (!(await this.isStale(holder))) throw alreadyConnected(account.platform);
      if (await this.claims.replace(claim, holder.claimId)) {
        logger.warn('stale account claim taken over', {
          platform: holder.platform,
          fromWorkspaceId: holder.workspaceId,
          toWorkspaceId: account.workspaceId,
        });
        return { claim, fresh: true };
      }
    }
    throw alreadyConnected(account.platform);
  }

  private async isStale(holder: AccountClaim): Promise<boolean> {
    if (this.now().getTime() - Date.parse(holder.claimedAt) < STALE_CLAIM_AFTER_MS) return false;
    const account = await this.accounts.get(holder.workspaceId, holder.accountId);
    return !account || !sameExternal(account, holder);
  }

  private async undo(claim: AccountClaim): Promise<void> {
    try {
      await this.claims.release(claim.platform, claim.externalId, { claimId: claim.claimId });
    } catch (error) {
      // Left over, it blocks nobody for long: it goes stale (see STALE_CLAIM_AFTER_MS).
      logger.error('could not undo an account claim', { error: error as Error, platform: claim.platform });
    }
  }

  private async releaseQuietly(account: SocialAccount): Promise<void> {
    try {
      await this.claims.release(account.platform, account.externalId, {
        workspaceId: account.workspaceId,
        accountId: account.id,
      });
    } catch (error) {
      logger.error('could not release an account claim', { error: error as Error, accountId: account.id });
    }
  }
}
