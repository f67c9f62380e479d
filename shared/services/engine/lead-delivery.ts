import { captureAsked, type PendingCapture } from '../../domain/leads/capture';
import { logger } from '../../observability/logger';
import type { LeadWriter } from './ports';

export interface DeliveryChange {
  delivered: boolean;
  /** Plain-words reason of a failed or uncertain delivery; null leaves it as it is unless delivered. */
  error: string | null;
  handover: boolean;
  /** A step asking for the person's email or phone went out: their next message answers it. */
  asked?: PendingCapture | null;
}

/**
 * What a send did to the lead (contacted, last delivery error, hand-over tag, a contact question now pending):
 * the part of the workflow's outcome (LeadOutcomeRecorder) the follow-ups schedule also records, apart from it so
 * that schedule does not bundle what only UpdateLead needs (the funnel's reading of a person's message).
 */
export class LeadDeliveryRecorder {
  constructor(
    protected readonly leads: LeadWriter,
    protected readonly now: () => Date = () => new Date(),
  ) {}

  async recordDelivery(workspaceId: string, leadId: string, change: DeliveryChange) {
    return this.leads.upsert(workspaceId, leadId, (current) => {
      if (!current) {
        logger.warn('lead missing at outcome time', { leadId });
        return undefined;
      }
      const next = { ...current };
      if (change.delivered) {
        if (next.status === 'new') next.status = 'contacted';
        next.lastDeliveryError = null;
      }
      if (change.error) next.lastDeliveryError = change.error;
      if (change.handover && !next.tags.includes('handover')) next.tags = [...next.tags, 'handover'];
      const capture = change.asked ? captureAsked(current.capture, change.asked) : null;
      if (capture) next.capture = capture;
      const changed =
        capture !== null ||
        next.status !== current.status ||
        next.lastDeliveryError !== current.lastDeliveryError ||
        next.tags.length !== current.tags.length;
      return changed ? { ...next, updatedAt: this.now().toISOString() } : undefined;
    });
  }
}
