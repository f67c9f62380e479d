import { decide } from '../../domain/decisions/decide';
import { variantOf } from '../../domain/scenarios/ab-test';
import { followUpCancelReason, followUpKeySuffix, startsSequence } from '../../domain/scenarios/follow-ups';
import { logger } from '../../observability/logger';
import type { FunnelRecorder } from '../analytics/funnel-recorder';
import { PermanentSendError, RetryableSendError, SendInProgressError } from './errors';
import { sequenceFollowUp } from './follow-up-sequence';
import type { LeadOutcomeRecorder } from './lead-outcome';
import type { PlanChecker } from './plan-checker';
import type { FollowUp, FollowUpStore, ScenarioStore } from './ports';
import type { ReplyWriter } from './reply-writer';
import type { Sender } from './sender';
import { idempotencyKeyOf, isHandedOver } from './workflow-state';

export interface FollowUpReport {
  sent: number;
  rescheduled: number;
  expired: number;
  failed: number;
  /** Sequence steps dropped because the person answered, opted out, or a human took over. */
  cancelled: number;
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
      /** The scenario as it is now: a sequence step of a deleted or switched-off scenario is cancelled. */
      scenarios: Pick<ScenarioStore, 'get'>;
      /** The conversation's last message from the person and from a human: either one stops a sequence. */
      threads: {
        record(
          workspaceId: string,
          leadId: string,
        ): Promise<{ lastInboundAt: string | null; lastHumanAt: string | null } | undefined>;
      };
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async runDue(limit = 50): Promise<FollowUpReport> {
    const report: FollowUpReport = { sent: 0, rescheduled: 0, expired: 0, failed: 0, cancelled: 0 };
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
    const blocked = (await this.deps.gate?.blockReason(message.workspaceId, followUp.leadId)) ?? null;
    let template = followUp.scenario.message;
    if (followUp.sequence) {
      const { index } = followUp.sequence;
      const [scenario, thread] = await Promise.all([
        this.deps.scenarios.get(message.workspaceId, followUp.scenario.id),
        this.deps.threads.record(message.workspaceId, followUp.leadId),
      ]);
      const cancelled = followUpCancelReason({
        startedAt: message.occurredAt,
        lastInboundAt: thread?.lastInboundAt ?? null,
        lastHumanAt: thread?.lastHumanAt ?? null,
        automationBlocked: blocked,
        scenario: scenario ?? null,
        index,
      });
      if (cancelled) {
        await followUps.close(followUp, 'cancelled', cancelled);
        return 'cancelled';
      }
      // The step as the scenario says now: an edited wording applies to the steps still to come.
      template = scenario!.followUps[index]!.message;
    } else if (blocked) {
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
    const reply = followUp.sequence
      ? await replies.writeFollowUp({
          message,
          leadId: followUp.leadId,
          template,
          aiAllowed: plan.features.aiReplies,
          at: this.now().toISOString(),
        })
      : await replies.write({
          message,
          scenario: { ...followUp.scenario, ...(content ?? {}) },
          aiAllowed: plan.features.aiReplies,
        });
    const keySuffix = followUp.sequence
      ? followUpKeySuffix(followUp.scenario.id, followUp.sequence.index)
      : followUp.step?.keySuffix;
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
        // A sequence step: one key per message (hence lead), scenario and step, so it goes once whatever the runs.
        ...(keySuffix ? { idempotencyKey: idempotencyKeyOf(message.dedupeKey, keySuffix) } : {}),
        consumesQuota: decision.consumesQuota,
        scenarioId: followUp.scenario.id,
        variantId,
        // A sequence's nudge is not the scenario's DM: the funnel keeps crediting the DM it follows.
        ...(followUp.sequence ? { funnelTouch: false } : {}),
      });
      // `sent` is the Sender's answer only to the attempt that settled the record: counted once.
      if (outcome.status === 'sent' && !followUp.sequence)
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
      // The next step is scheduled before this one is closed: a crash in between sends nothing twice (this
      // step's record is sent, the next one's schedule is idempotent).
      if (delivered && followUp.sequence) await this.scheduleNext(followUp, followUp.sequence.index + 1);
      // A scenario answer that waited for the quota starts the scenario's sequence now it went.
      else if (delivered && startsSequence(message)) await this.scheduleNext(followUp, 0);
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

  private async scheduleNext(sent: FollowUp, index: number): Promise<void> {
    const scenario = await this.deps.scenarios.get(sent.workspaceId, sent.scenario.id);
    if (!scenario?.active || !scenario.followUps[index]) return;
    const now = this.now().toISOString();
    const next = sequenceFollowUp({
      message: sent.message,
      leadId: sent.leadId,
      scenario,
      index,
      previousAt: now,
      now,
    });
    if (next.followUp) await this.deps.followUps.schedule(next.followUp);
    else logger.info('follow-up sequence ends', { dedupeKey: sent.dedupeKey, reason: next.reason });
  }
}
