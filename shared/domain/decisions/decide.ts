import type { InteractionKind, Platform } from '../messages/platforms';
import { platformNotInPlan } from '../plans/features';
import type { ScenarioAction } from '../scenarios/scenario';
import { checkMessagingWindow, type OutgoingAction } from './messaging-window';

export const DECISION_ACTIONS = ['reply', 'dm', 'private_reply', 'follow_up', 'handover', 'ignore'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export type AccountState = 'active' | 'needs_reconnect' | 'paused' | 'missing';

export interface DecisionInput {
  message: { platform: Platform; kind: InteractionKind; occurredAt: string; actionable: boolean };
  scenario: { id: string; name: string; action: ScenarioAction; keyword: string | null } | null;
  /** The workspace's plan as read for this message: a downgrade applies from the next message on. */
  plan: { plan: string; quotaReached: boolean; resetsAt: string };
  accountStatus: AccountState;
  /** Why the bot must stay silent in this conversation (paused, opted out), from domain/conversations. */
  automationBlocked?: string | null;
}

export interface Decision {
  action: DecisionAction;
  /** Whether the workflow sends something now. */
  send: boolean;
  /** What would be (or will be, for a follow-up) sent. */
  outgoing: OutgoingAction | null;
  /** Whether the outgoing message counts against the daily DM quota. */
  consumesQuota: boolean;
  /** When a "follow up later" is due. */
  followUpAt: string | null;
  scenarioId: string | null;
  /** A sentence for the trace, the interaction and the developer console. */
  reason: string;
}

export const QUOTA_REACHED_REASON = 'daily DM quota reached';

/** Private messages count against the DM quota; a public reply under a comment does not. */
export function consumesDmQuota(action: OutgoingAction, kind: InteractionKind): boolean {
  return action !== 'reply' || kind !== 'comment';
}

const noSend = (
  action: DecisionAction,
  reason: string,
  scenarioId: string | null,
  outgoing: OutgoingAction | null = null,
): Decision => ({
  action,
  send: false,
  outgoing,
  consumesQuota: false,
  followUpAt: null,
  scenarioId,
  reason,
});

/**
 * What to do with one message, with the reason. Pure: every input is data, so each rule is unit-tested.
 * Order matters: nothing is sent for a read receipt, without a scenario, for a hand-over or an ignore, on a
 * platform the plan does not automate, for a backfilled message, from an account that cannot send, outside the
 * messaging window, or over the quota (a message still inside its window when the quota resets is followed up
 * then).
 */
export function decide(input: DecisionInput, now: Date): Decision {
  const { message, scenario } = input;
  if (message.kind === 'read') return noSend('ignore', 'read receipt: nothing to answer', null);
  if (input.automationBlocked)
    return noSend('ignore', `${input.automationBlocked}: logged and scored only`, scenario?.id ?? null);
  if (!scenario) return noSend('ignore', 'no active scenario matched: logged and scored only', null);
  const matched = scenario.keyword
    ? `scenario "${scenario.name}" matched "${scenario.keyword}"`
    : `scenario "${scenario.name}" matches every message`;
  if (scenario.action === 'ignore') return noSend('ignore', `${matched} and says ignore`, scenario.id);
  if (scenario.action === 'handover')
    return noSend('handover', `${matched}: handed over to a human`, scenario.id);
  const outgoing: OutgoingAction = scenario.action;
  const notInPlan = platformNotInPlan(input.plan.plan, message.platform);
  if (notInPlan) return noSend('ignore', `${matched}, skipped: ${notInPlan}`, scenario.id);
  if (!message.actionable)
    return noSend('ignore', 'backfilled message too old to answer: logged and scored only', scenario.id);
  if (input.accountStatus === 'needs_reconnect')
    return noSend('ignore', 'the social account needs reconnecting', scenario.id, outgoing);
  if (input.accountStatus === 'paused') return noSend('ignore', 'the social account is paused', scenario.id);
  if (input.accountStatus === 'missing')
    return noSend('ignore', 'the social account is no longer connected', scenario.id);
  const window = checkMessagingWindow({ ...message, action: outgoing }, now);
  if (!window.open) return noSend('ignore', window.reason, scenario.id, outgoing);
  const consumesQuota = consumesDmQuota(outgoing, message.kind);
  if (consumesQuota && input.plan.quotaReached) {
    const stillOpen =
      window.closesAt === null || Date.parse(window.closesAt) > Date.parse(input.plan.resetsAt);
    return stillOpen
      ? {
          ...noSend('follow_up', `${QUOTA_REACHED_REASON}: follow-up when it resets`, scenario.id, outgoing),
          consumesQuota,
          followUpAt: input.plan.resetsAt,
        }
      : noSend(
          'ignore',
          `${QUOTA_REACHED_REASON}: ${window.reason.replace('inside', 'the')} closes first`,
          scenario.id,
          outgoing,
        );
  }
  return {
    action: outgoing,
    send: true,
    outgoing,
    consumesQuota,
    followUpAt: null,
    scenarioId: scenario.id,
    reason: matched,
  };
}
