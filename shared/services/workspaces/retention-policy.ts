import {
  interactionCutoff,
  interactionExpiresAt,
  interactionRetentionMonths,
} from '../../domain/retention/retention';

/** How long one container trusts a workspace's setting before reading it again. */
const CACHE_MS = 60_000;

/**
 * A workspace's retention of raw interactions, for the writers (the TTL to stamp) and the readers (the cutoff
 * below which an interaction is expired). The setting is read through a one-minute cache: the pipeline stamps
 * every message with it, and one GetItem per message for a value that changes once a year would be waste.
 * A shorter setting hides older interactions from every read at once (the cutoff): the API's reads use a policy
 * with no cache (`cacheMs` 0), since each Lambda is its own container and would otherwise trust its copy for a
 * minute. Items already stamped keep their TTL, so a longer setting applies to interactions received after the
 * change.
 */
export class RetentionPolicy {
  private readonly cache = new Map<string, { months: number; until: number }>();

  constructor(
    private readonly workspaces: {
      getWorkspace(workspaceId: string): Promise<{ interactionRetentionMonths?: number | null } | undefined>;
    },
    private readonly now: () => Date = () => new Date(),
    /** How long this container trusts a setting it read (0: read it on every call). */
    private readonly cacheMs: number = CACHE_MS,
  ) {}

  async months(workspaceId: string): Promise<number> {
    const at = this.now().getTime();
    const cached = this.cache.get(workspaceId);
    if (cached && cached.until > at) return cached.months;
    const workspace = await this.workspaces.getWorkspace(workspaceId);
    const months = interactionRetentionMonths(workspace?.interactionRetentionMonths);
    if (this.cacheMs > 0) this.cache.set(workspaceId, { months, until: at + this.cacheMs });
    return months;
  }

  /** The oldest occurredAt a read may show now. */
  async cutoff(workspaceId: string): Promise<string> {
    return interactionCutoff(this.now(), await this.months(workspaceId));
  }

  /** The TTL (epoch seconds) to stamp on an interaction that occurred at `occurredAt`. */
  async expiresAt(workspaceId: string, occurredAt: string): Promise<number> {
    return interactionExpiresAt(occurredAt, await this.months(workspaceId));
  }

  /** The workspace changed its setting: this container uses the new one at once. */
  forget(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }
}
