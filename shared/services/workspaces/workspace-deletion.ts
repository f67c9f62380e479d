/** The workspace's items that live outside its partition, and so are not removed with it. */
export interface WorkspaceOutsiders {
  /** Disconnecting releases each account's external claim (EXTCLAIM#, not under WS#). */
  accounts: {
    list(workspaceId: string): Promise<Array<{ id: string; details: Record<string, unknown> }>>;
    remove(workspaceId: string, accountId: string): Promise<void>;
  };
  /** Meta's callbacks find accounts through METAUSER# links (not under WS#). */
  metaUsers: { unlink(metaUserId: string, workspaceId: string, accountId: string): Promise<void> };
  /** API keys are keyed by their id alone (APIKEY#, not under WS#), so the authorizer reads one with one GetItem. */
  apiKeys: { removeAllOf(workspaceId: string): Promise<number> };
}

/**
 * DELETE /workspaces/{id}: billing is closed first (subscriptions canceled; refused while an invoice is unpaid),
 * then what the workspace owns outside its partition (API keys, social accounts' external claims and Meta user
 * links), and only then the partition itself, the workspace item last. Each step is safe to repeat, and until
 * the last one a retry still finds the workspace and everything it named, so a crash half-way leaves nothing
 * behind once the DELETE is retried.
 */
export class WorkspaceDeletion {
  constructor(
    private readonly billing: { close(workspaceId: string): Promise<void> },
    private readonly workspaces: { remove(workspaceId: string): Promise<void> },
    private readonly outsiders: WorkspaceOutsiders,
  ) {}

  async delete(workspaceId: string): Promise<void> {
    await this.billing.close(workspaceId);
    // Keys first: from here on nothing can act for the workspace with one.
    await this.outsiders.apiKeys.removeAllOf(workspaceId);
    for (const account of await this.outsiders.accounts.list(workspaceId)) {
      const metaUserId = account.details.metaUserId;
      if (typeof metaUserId === 'string')
        await this.outsiders.metaUsers.unlink(metaUserId, workspaceId, account.id);
      await this.outsiders.accounts.remove(workspaceId, account.id);
    }
    await this.workspaces.remove(workspaceId);
  }
}
