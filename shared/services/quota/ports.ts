export interface QuotaStore {
  /**
   * Atomically counts one DM for the day if the count is below `limit` (null = unlimited). Returns the new count,
   * or undefined when the limit is reached. One conditional update: no race lets an extra DM through.
   */
  tryConsume(workspaceId: string, day: string, limit: number | null): Promise<number | undefined>;
  /** Gives a unit back when the DM was not sent after all (permanent provider failure). */
  release(workspaceId: string, day: string): Promise<void>;
  used(workspaceId: string, day: string): Promise<number>;
}
