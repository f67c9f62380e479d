import type { FunnelCounter } from '../../domain/analytics/funnel';
import { type SendRecord, TOUCH_MARKS, type TouchStep } from '../../domain/delivery/send-record';
import { logger } from '../../observability/logger';
import type { FunnelStore, TouchStore } from './ports';

/** How far back a lead's send records are read to find the DM a receipt or an answer is about. */
export const TOUCH_LOOKBACK = 25;

/**
 * The part of the funnel counters that credits a lead's last scenario DM with a step (the marks and the counts,
 * see FunnelRecorder), and the one step a member gives: won. Apart from FunnelRecorder, whose reading of a
 * person's message needs the phone detector, so PATCH /leads/{id} does not bundle libphonenumber's metadata.
 */
export class FunnelCredits {
  constructor(
    private readonly cells: FunnelStore,
    private readonly touches: TouchStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A member marked the lead won (PATCH /leads/{id}): the last scenario DM gets the credit. */
  async won(workspaceId: string, leadId: string): Promise<void> {
    await safely(async () => {
      const [last] = await this.scenarioDms(workspaceId, leadId);
      if (last) await this.credit(last, ['won']);
    });
  }

  /** The lead's scenario DMs the provider took, newest first. */
  protected async scenarioDms(workspaceId: string, leadId: string): Promise<SendRecord[]> {
    const records = await this.touches.recent(workspaceId, leadId, TOUCH_LOOKBACK);
    return records.filter(
      (record) =>
        record.dm === true &&
        record.author !== 'human' &&
        !!record.scenarioId &&
        record.funnelDay !== undefined &&
        (record.status === 'sent' || record.status === 'queued'),
    );
  }

  protected async credit(record: SendRecord, steps: TouchStep[]): Promise<void> {
    const open = steps.filter((step) => record[TOUCH_MARKS[step]] === undefined);
    if (open.length === 0) return;
    const marked = await this.touches.mark(
      record.workspaceId,
      record.idempotencyKey,
      open,
      this.now().toISOString(),
    );
    await this.count(
      record.workspaceId,
      { day: record.funnelDay!, scenarioId: record.scenarioId!, mediaId: record.mediaId ?? null },
      marked,
      record.variantId ?? null,
    );
  }

  protected async count(
    workspaceId: string,
    cell: { day: string; scenarioId: string; mediaId: string | null },
    counters: FunnelCounter[],
    variantId: string | null,
  ): Promise<void> {
    if (counters.length === 0) return;
    await safely(() => this.cells.add(workspaceId, cell, counters, variantId));
  }
}

/** Analytics never fail a message nor an edit: a lost count is logged, and the DM path goes on. */
export async function safely(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error('funnel counters not updated', { error: error as Error });
  }
}
