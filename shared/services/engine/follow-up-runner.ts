import { decide } from '../../domain/decisions/decide';
import { variantOf } from '../../domain/scenarios/ab-test';
import { logger } from '../../observability/logger';
import type { FunnelRecorder } from '../analytics/funnel-recorder';
import { PermanentSendError, RetryableSendError, SendInProgressError } from './errors';
import type { LeadOutcomeRecorder } from './lead-outcome';
import type { PlanChecker } from './plan-checker';
import type { FollowUp, FollowUpStore } from './ports';
import type { ReplyWriter } from './reply-writer';
import type { Sender } from './sender';
import { idempotencyKeyOf, isHandedOver } from './workflow-state';

export interface FollowUpReport {
  sent: number;
  rescheduled: number;
  expired: number;
  failed: number;
}

const RETRY_LATER_MS = 5 * 60_000;

/**
 * Sends the answers the workflow decided to "follow up later" (the DM quota was reached), once they are due:
 * the same decision rules are applied again (window, account, quota), then the same send path, so the quota
 * and the exactly-once record hold exactly as in the workflow.
 */
export class FollowUpRunner {
  constructor(
    private readonly deps: {
      followUps: FollowUpStore;
      plans: PlanChecker;
      replies: ReplyWriter;
      sender: Sender;
      outcomes: LeadOutcomeRecorder;
      /** The bot pause / opt-out check: a follow-up to a paused or opted-out person is dropped. */
      gate?: { blockReason(workspaceId: string, leadId: string): Promise<string | null> };
      /** The scenario analytics: an action sent now, after the workflow, is counted here. */
      funnel?: Pick<FunnelRecorder, 'sentLater'>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async runDue(limit = 50): Promise<FollowUpReport> {
    const report: FollowUpReport = { sent: 0, rescheduled: 0, expired: 0, failed: 0 };
    for (const followUp of await this.deps.followUps.due(this.now().toISOString(), limit)) {
      try {
        report[await this.process(followUp)] += 1;
      } catch (error) {
        // One broken follow-up must not stop the others; it stays due and is tried on the next run.
        logger.error('follow-up failed', { dedupeKey: followUp.dedupeKey, error: error as Error });
      }
    }
    return report;
  }

  async process(followUp: FollowUp): Promise<keyof FollowUpReport> {
    const { followUps, plans, replies, sender, outcomes } = this.deps;
    const { message } = followUp;
    const blocked = await this.deps.gate?.blockReason(message.workspaceId, followUp.leadId);
    if (blocked) {
      await followUps.close(followUp, 'expired', blocked);
      return 'expired';
    }
    const plan = await plans.check(message);
    const decision = decide(
      {
        message,
        scenario: {
          id: followUp.scenario.id,
          name: followUp.scenario.name,
          actions: [followUp.action],
          keyword: null,
        },
        plan,
        accountStatus: plan.accountStatus,
      },
      this.now(),
    );
    if (decision.action === 'follow_up' && decision.followUpAt) {
      await followUps.reschedule(followUp, decision.followUpAt, decision.reason);
      return 'rescheduled';
    }
    if (!decision.send) {
      await followUps.close(followUp, 'expired', decision.reason);
      return 'expired';
    }
    const content = followUp.step?.content;
    const reply = await replies.write({
      message,
      scenario: { ...followUp.scenario, ...(content ?? {}) },
      aiAllowed: plan.features.aiReplies,
    });
    const later = (ms: number) => new Date(this.now().getTime() + ms).toISOString();
    const variantId = content
      ? (variantOf({ id: followUp.scenario.id, actions: [content] }, followUp.leadId)?.id ?? null)
      : null;
    try {
      const outcome = await sender.send({
        message,
        action: followUp.action,
        text: reply.text,
        ...(content ? { content } : {}),
        // The key the workflow would have sent it under, so a follow-up and a replay never both send it.
        ...(followUp.step
          ? { idempotencyKey: idempotencyKeyOf(message.dedupeKey, followUp.step.keySuffix) }
          : {}),
        consumesQuota: decision.consumesQuota,
        scenarioId: followUp.scenario.id,
        variantId,
      });
      // `sent` is the Sender's answer only to the attempt that settled the record: counted once.
      if (outcome.status === 'sent')
        await this.deps.funnel?.sentLater(message, followUp.scenario.id, variantId, followUp.action);
      if (outcome.status === 'quota_blocked') {
        await followUps.reschedule(followUp, plan.resetsAt, outcome.explanation);
        return 'rescheduled';
      }
      const delivered = isHandedOver(outcome.status);
      await outcomes.recordDelivery(message.workspaceId, followUp.leadId, {
        delivered,
        error: delivered ? null : outcome.explanation,
        handover: false,
      });
      await followUps.close(followUp, delivered ? 'sent' : 'failed', outcome.explanation);
      return delivered ? 'sent' : 'failed';
    } catch (error) {
      if (error instanceof RetryableSendError || error instanceof SendInProgressError) {
        await followUps.reschedule(followUp, later(RETRY_LATER_MS), error.message);
        return 'rescheduled';
      }
      if (error instanceof PermanentSendError) {
        await outcomes.recordDelivery(message.workspaceId, followUp.leadId, {
          delivered: false,
          error: error.message,
          handover: false,
        });
        await followUps.close(followUp, 'failed', error.message);
        return 'failed';
      }
      throw error;
    }
  }
}
