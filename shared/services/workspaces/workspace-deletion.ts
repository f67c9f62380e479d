/**
 * DELETE /workspaces/{id}: billing is closed first (subscriptions canceled; refused while an invoice is unpaid),
 * and only then is the workspace's data removed, so a failure leaves a workspace that still exists and can still
 * open its billing portal.
 */
export class WorkspaceDeletion {
  constructor(
    private readonly billing: { close(workspaceId: string): Promise<void> },
    private readonly workspaces: { remove(workspaceId: string): Promise<void> },
  ) {}

  async delete(workspaceId: string): Promise<void> {
    await this.billing.close(workspaceId);
    await this.workspaces.remove(workspaceId);
  }
}
