import { type Decision, QUOTA_REACHED_REASON } from '../../domain/decisions/decide';
import { captureAsked, type PendingCapture, pendingCaptureOf } from '../../domain/leads/capture';
import { variantOf } from '../../domain/scenarios/ab-test';
import { stepKeySuffix } from '../../domain/scenarios/actions';
import { startsSequence } from '../../domain/scenarios/follow-ups';
import { logger } from '../../observability/logger';
import type { FunnelRecorder } from '../analytics/funnel-recorder';
import { sequenceFollowUp } from './follow-up-sequence';
import type { FollowUpStore, InteractionStore, LeadWriter } from './ports';
import { causeOf, isHandedOver, type LeadUpdate, type WorkflowState } from './workflow-state';

export interface DeliveryChange {
  delivered: boolean;
  /** Plain-words reason of a failed or uncertain delivery; null leaves it as it is unless delivered. */
  error: string | null;
  handover: boolean;
  /** A step asking for the person's email or phone went out: their next message answers it. */
  asked?: PendingCapture | null;
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
    /** The scenario and post analytics (GET /analytics/*): counted here, once per message. */
    private readonly funnel?: Pick<FunnelRecorder, 'decided' | 'personActed'>,
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
    // The actions that wait for the quota to reset: decided so (follow_up), or refused by the quota at send time.
    const blocked = (send?.steps ?? []).filter((step) => step.status === 'quota_blocked');
    const quotaBlocked = blocked.length > 0 || send?.status === 'quota_blocked';
    const waiting: Array<{ index: number; action: NonNullable<Decision['outgoing']>; at: string | null }> = [
      ...(decision.steps ?? [])
        .filter((step) => step.followUpAt !== null)
        .map((step) => ({ index: step.index, action: step.action, at: step.followUpAt })),
      ...blocked.map((step) => ({ index: step.index, action: step.action, at: plan?.resetsAt ?? null })),
    ];
    // A decision from before action lists: its one outgoing action.
    if (waiting.length === 0 && decision.outgoing && (decision.action === 'follow_up' || quotaBlocked))
      waiting.push({
        index: 0,
        action: decision.outgoing,
        at: decision.action === 'follow_up' ? decision.followUpAt : (plan?.resetsAt ?? null),
      });
    const followUpAt = waiting.find((step) => step.at !== null)?.at ?? null;
    let reason = decision.reason;
    if (deliveryError) reason = `${reason}; not delivered: ${deliveryError}`;
    if (quotaBlocked) reason = `${reason}; ${QUOTA_REACHED_REASON}: follow-up when it resets`;

    const scenario = match?.scenario;
    if (scenario) {
      const kinds = scenario.actions.map((step) => step.action);
      for (const [n, step] of waiting.entries()) {
        if (step.at === null) continue;
        const content = scenario.actions[step.index];
        const keySuffix = stepKeySuffix(kinds, step.index);
        const at = this.now().toISOString();
        await this.followUps.schedule({
          workspaceId: message.workspaceId,
          // One follow-up per waiting action; the first keeps the interaction's own key (as before lists).
          dedupeKey: n === 0 ? message.dedupeKey : `${message.dedupeKey}#${keySuffix}`,
          leadId: logged.leadId,
          message,
          action: step.action,
          scenario: { id: scenario.id, name: scenario.name, message: content?.message ?? null },
          ...(content ? { step: { content, keySuffix } } : {}),
          dueAt: step.at,
          status: 'scheduled',
          reason,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    const sequenceAt = await this.startSequence(state);
    const firstPass = await this.interactions.recordOutcome(
      message,
      logged.leadId,
      { decision: decision.action, reason, sendStatus },
      this.now().toISOString(),
    );
    // Counted by the pass that first recorded the outcome: a replayed UpdateLead step counts nothing again.
    // A contact question asked again continues its scenario: it is not the scenario triggered once more.
    const reAsked = logged.capture?.outcome === 're_ask';
    if (firstPass && scenario && decision.action !== 'ignore' && !reAsked)
      await this.funnel?.decided(
        message,
        scenario,
        variantOf(scenario, logged.leadId)?.id ?? null,
        send?.steps ??
          (send && decision.outgoing ? [{ action: decision.outgoing, status: send.status }] : []),
      );
    await this.funnel?.personActed(message, logged.leadId, logged.capture?.outcome === 'captured');
    const lead = await this.recordDelivery(message.workspaceId, logged.leadId, {
      delivered: isHandedOver(send?.status),
      error: deliveryError,
      handover: decision.action === 'handover' || state.reply?.handover === true,
      asked: this.askedCapture(state),
    });
    return {
      leadId: logged.leadId,
      status: lead?.status ?? 'new',
      lastDeliveryError: lead?.lastDeliveryError ?? null,
      followUpAt: followUpAt ?? sequenceAt,
    };
  }

  /** The capture a sent step asks for (the first such step), or null. */
  private askedCapture({ match, send, message }: WorkflowState): PendingCapture | null {
    const scenario = match?.scenario;
    if (!scenario || !send) return null;
    const sent = send.steps ?? [{ index: 0, status: send.status }];
    for (const step of sent) {
      const content = scenario.actions[step.index];
      if (!content?.capture || !isHandedOver(step.status)) continue;
      return pendingCaptureOf({
        field: content.capture,
        askedBy: message.dedupeKey,
        askedAt: this.now().toISOString(),
        scenarioId: scenario.id,
        question: content.message,
      });
    }
    return null;
  }

  /**
   * The scenario's follow-up sequence starts once its answer went out to a person who wrote in DM (a window is
   * open): its first step is scheduled, idempotently (a replayed workflow finds it scheduled, or already sent).
   * Not after a hand-over (a human answers), nor when nothing went. Returns when the first step is due.
   */
  private async startSequence(state: WorkflowState): Promise<string | null> {
    const { message, logged, decision, send, match } = state;
    const scenario = match?.scenario;
    if (!scenario?.followUps?.length || !startsSequence(message)) return null;
    const delivered =
      isHandedOver(send?.status) || (send?.steps ?? []).some((step) => isHandedOver(step.status));
    if (!delivered || decision?.action === 'handover' || state.reply?.handover) return null;
    const now = this.now().toISOString();
    const first = sequenceFollowUp({
      message,
      leadId: logged.leadId,
      scenario: { id: scenario.id, name: scenario.name, followUps: scenario.followUps },
      index: 0,
      previousAt: now,
      now,
    });
    if (!first.followUp) {
      logger.info('follow-up sequence not started', { dedupeKey: message.dedupeKey, reason: first.reason });
      return null;
    }
    await this.followUps.schedule(first.followUp);
    return first.followUp.dueAt;
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
