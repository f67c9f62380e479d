import { QUOTA_REACHED_REASON } from '../../domain/decisions/decide';
import { logger } from '../../observability/logger';
import type { FollowUpStore, InteractionStore, LeadWriter } from './ports';
import { causeOf, isHandedOver, type LeadUpdate, type WorkflowState } from './workflow-state';

export interface DeliveryChange {
  delivered: boolean;
  /** Plain-words reason of a failed or uncertain delivery; null leaves it as it is unless delivered. */
  error: string | null;
  handover: boolean;
}

/**
 * Applies the outcome of the workflow to the interaction (decision, reason, send status), the lead (contacted,
 * last delivery error, hand-over tag) and the follow-up list.
 */
export class LeadOutcomeRecorder {
  constructor(
    private readonly interactions: InteractionStore,
    private readonly leads: LeadWriter,
    private readonly followUps: FollowUpStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async apply(state: WorkflowState): Promise<LeadUpdate> {
    const { message, logged, decision, send, sendError, match, plan } = state;
    if (!decision) throw new Error('the workflow reached the lead update without a decision');
    const deliveryError = sendError
      ? causeOf(sendError)
      : send?.status === 'uncertain'
        ? send.explanation
        : null;
    const sendStatus = send?.status ?? (sendError ? 'failed' : null);
    const quotaBlocked = send?.status === 'quota_blocked';
    const followUpAt =
      decision.action === 'follow_up' ? decision.followUpAt : quotaBlocked ? (plan?.resetsAt ?? null) : null;
    let reason = decision.reason;
    if (deliveryError) reason = `${reason}; not delivered: ${deliveryError}`;
    if (quotaBlocked) reason = `${reason}; ${QUOTA_REACHED_REASON}: follow-up when it resets`;

    const scenario = match?.scenario;
    if (followUpAt && scenario && decision.outgoing) {
      const at = this.now().toISOString();
      await this.followUps.schedule({
        workspaceId: message.workspaceId,
        dedupeKey: message.dedupeKey,
        leadId: logged.leadId,
        message,
        action: decision.outgoing,
        scenario: { id: scenario.id, name: scenario.name, message: scenario.message },
        dueAt: followUpAt,
        status: 'scheduled',
        reason,
        createdAt: at,
        updatedAt: at,
      });
    }
    await this.interactions.recordOutcome(message, logged.leadId, {
      decision: decision.action,
      reason,
      sendStatus,
    });
    const lead = await this.recordDelivery(message.workspaceId, logged.leadId, {
      delivered: isHandedOver(send?.status),
      error: deliveryError,
      handover: decision.action === 'handover' || state.reply?.handover === true,
    });
    return {
      leadId: logged.leadId,
      status: lead?.status ?? 'new',
      lastDeliveryError: lead?.lastDeliveryError ?? null,
      followUpAt,
    };
  }

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
      const changed =
        next.status !== current.status ||
        next.lastDeliveryError !== current.lastDeliveryError ||
        next.tags.length !== current.tags.length;
      return changed ? { ...next, updatedAt: this.now().toISOString() } : undefined;
    });
  }
}
