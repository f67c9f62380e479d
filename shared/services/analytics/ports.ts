import type { FunnelCell, FunnelCounter } from '../../domain/analytics/funnel';
import type { SendRecord, TouchStep } from '../../domain/delivery/send-record';

export interface FunnelCellKey {
  day: string;
  scenarioId: string;
  mediaId: string | null;
}

/** The per-day funnel counters (one item per day, scenario and post). */
export interface FunnelStore {
  /** One atomic write: every counter +1, for the version too when there is one. */
  add(
    workspaceId: string,
    cell: FunnelCellKey,
    counters: FunnelCounter[],
    variantId: string | null,
  ): Promise<void>;
  /** Every cell from `from` to `to` (days, both included), whatever the scenario or the post. */
  cells(workspaceId: string, from: string, to: string): Promise<FunnelCell[]>;
}

/** The lead's send records, where the funnel's later steps are credited (the last scenario DM). */
export interface TouchStore {
  /** The lead's newest send records, newest first. */
  recent(workspaceId: string, leadId: string, limit: number): Promise<SendRecord[]>;
  /**
   * Marks the record for each step not marked yet, in one conditional write; returns the steps it marked now
   * (none when every one was already: a replay, or a second read receipt of the same DM).
   */
  mark(workspaceId: string, idempotencyKey: string, steps: TouchStep[], at: string): Promise<TouchStep[]>;
}
