import type { SendRecord } from '../../domain/delivery/send-record';
import { webhookMessage } from '../../domain/webhooks/payloads';
import type { QuotaService } from '../quota/quota-service';
import type { WebhookEvents } from '../webhooks/webhook-emitter';
import type { SendRecordStore } from './ports';

export type HandoffResult =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; code: string; explanation: string };

/**
 * The end of a send the workflow handed to a worker (LinkedIn's browser): the worker reports what happened and
 * the send record — the delivery log's row — moves from 'queued' to 'sent' or 'failed', so a send that fails
 * after the hand-off is as visible as one that fails in the workflow. A failed send gives its DM unit back.
 * The send's final state goes out as message.sent / message.failed, with the id the Sender would give it (the
 * send's idempotency key), so an automatic LinkedIn DM and a member's LinkedIn reply are announced like any other.
 */
export class HandoffCompletion {
  constructor(
    private readonly records: Pick<SendRecordStore, 'get' | 'settle'>,
    private readonly quota: Pick<QuotaService, 'releaseDm'>,
    private readonly now: () => Date = () => new Date(),
    /** Outbound webhooks: message.sent / message.failed once the worker reported. */
    private readonly events?: Pick<WebhookEvents, 'emit'>,
  ) {}

  /** False when there is no hand-off to settle (unknown key, or already settled by an earlier report). */
  async complete(workspaceId: string, idempotencyKey: string, result: HandoffResult): Promise<boolean> {
    const record = await this.records.get(workspaceId, idempotencyKey);
    // Settled by an earlier report that may have stopped before its event: announced again (same event id).
    if (record && handedOver(record) && (record.status === 'sent' || record.status === 'failed')) {
      await this.announce(record);
      return false;
    }
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
    if (settled)
      await this.announce({
        ...record,
        status: result.status,
        updatedAt: at,
        ...(result.status === 'sent'
          ? { providerMessageId: result.providerMessageId, explanation: 'sent' }
          : { explanation: result.explanation }),
      });
    return settled;
  }

  private async announce(record: SendRecord): Promise<void> {
    await this.events?.emit(
      record.workspaceId,
      record.status === 'sent' ? 'message.sent' : 'message.failed',
      [record.idempotencyKey],
      { message: webhookMessage(record) },
    );
  }
}

/** A record that was handed to a worker carries its 'queued' attempt. */
const handedOver = (record: SendRecord) => record.attempts.some((a) => a.outcome === 'queued');
