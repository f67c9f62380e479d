/**
 * Which workspaces poll YouTube, and with how many channels: the fair shares split the project's budget among
 * them. Taken from the connected accounts by the collector, stored so a reply route reads it without a scan.
 */
export interface YouTubeCensus {
  takenAt: string;
  /** Workspace id → its active YouTube channels. */
  channels: Record<string, number>;
}

/**
 * The YouTube units of the Google Cloud project per Pacific day, and each workspace's share of them: conditional
 * DynamoDB counters, so concurrent callers never push a total past its limit. `expiresAt`: epoch seconds (TTL).
 */
export interface YouTubeUnitLedger {
  /** Adds `units` to the project's day if its total stays within `limit`; false (nothing added) otherwise. */
  consumeProject(day: string, units: number, limit: number, expiresAt: number): Promise<boolean>;
  releaseProject(day: string, units: number): Promise<void>;
  consumeWorkspace(
    workspaceId: string,
    day: string,
    units: number,
    limit: number,
    expiresAt: number,
  ): Promise<boolean>;
  releaseWorkspace(workspaceId: string, day: string, units: number): Promise<void>;
  /** Google said quotaExceeded: the project's day is full for everyone until the reset. */
  pauseProject(day: string, limit: number, at: string, expiresAt: number): Promise<void>;
  project(day: string): Promise<{ units: number; pausedAt: string | null }>;
  workspaceUsed(workspaceId: string, day: string): Promise<number>;
  census(): Promise<YouTubeCensus | null>;
  saveCensus(census: YouTubeCensus): Promise<void>;
}
