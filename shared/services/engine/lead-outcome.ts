import { QUOTA_REACHED_REASON } from '../../domain/decisions/decide';
import { stepKeySuffix } from '../../domain/scenarios/actions';
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
    // A refused or uncertain action among several (the public reply went, the DM did not) is the lead's error too.
    const stepError = send?.steps?.find((step) => step.status === 'failed' || step.status === 'uncertain');
    const deliveryError = sendError
      ? causeOf(sendError)
      : send?.status === 'uncertain'
        ? send.explanation
        : (stepError?.explanation ?? null);
    const sendStatus = send?.status ?? (sendError ? 'failed' : null);
    // The action that waits for the quota to reset: decided so (follow_up), or refused by the quota at send time.
    const blocked = send?.steps?.find((step) => step.status === 'quota_blocked');
    const waiting =
      decision.steps?.find((step) => step.followUpAt !== null) ??
      (blocked ? { index: blocked.index, action: blocked.action } : undefined);
    const quotaBlocked = blocked !== undefined || send?.status === 'quota_blocked';
    const followUpAt =
      decision.steps?.find((step) => step.followUpAt !== null)?.followUpAt ??
      (decision.action === 'follow_up' ? decision.followUpAt : null) ??
      (quotaBlocked ? (plan?.resetsAt ?? null) : null);
    let reason = decision.reason;
    if (deliveryError) reason = `${reason}; not delivered: ${deliveryError}`;
    if (quotaBlocked) reason = `${reason}; ${QUOTA_REACHED_REASON}: follow-up when it resets`;

    const scenario = match?.scenario;
    const action = waiting?.action ?? decision.outgoing;
    if (followUpAt && scenario && action) {
      const at = this.now().toISOString();
      const index = waiting?.index ?? 0;
      const content = scenario.actions[index];
      await this.followUps.schedule({
        workspaceId: message.workspaceId,
        dedupeKey: message.dedupeKey,
        leadId: logged.leadId,
        message,
        action,
        scenario: { id: scenario.id, name: scenario.name, message: content?.message ?? null },
        ...(content
          ? {
              step: {
                content,
                keySuffix: stepKeySuffix(
                  scenario.actions.map((step) => step.action),
                  index,
                ),
              },
            }
          : {}),
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
