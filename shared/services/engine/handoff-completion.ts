import type { QuotaService } from '../quota/quota-service';
import type { SendRecordStore } from './ports';

export type HandoffResult =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; code: string; explanation: string };

/**
 * The end of a send the workflow handed to a worker (LinkedIn's browser): the worker reports what happened and
 * the send record — the delivery log's row — moves from 'queued' to 'sent' or 'failed', so a send that fails
 * after the hand-off is as visible as one that fails in the workflow. A failed send gives its DM unit back.
 */
export class HandoffCompletion {
  constructor(
    private readonly records: Pick<SendRecordStore, 'get' | 'settle'>,
    private readonly quota: Pick<QuotaService, 'releaseDm'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** False when there is no hand-off to settle (unknown key, or already settled by an earlier report). */
  async complete(workspaceId: string, idempotencyKey: string, result: HandoffResult): Promise<boolean> {
    const record = await this.records.get(workspaceId, idempotencyKey);
    if (record?.status !== 'queued') return false;
    const at = this.now().toISOString();
    const settled = await this.records.settle(
      workspaceId,
      idempotencyKey,
      record.attempt,
      result.status === 'sent'
        ? {
            status: 'sent',
            attempt: {
              attempt: record.attempt,
              at,
              outcome: 'sent',
              providerMessageId: result.providerMessageId,
              explanation: 'sent',
            },
            providerMessageId: result.providerMessageId,
          }
        : {
            status: 'failed',
            attempt: {
              attempt: record.attempt,
              at,
              outcome: 'failed',
              failure: { code: result.code, retryable: false },
              explanation: result.explanation,
            },
            quotaDay: null,
          },
      'queued',
    );
    if (settled && result.status === 'failed' && record.quotaDay)
      await this.quota.releaseDm(workspaceId, record.quotaDay);
    return settled;
  }
}
