import type { InteractionKind, Platform } from '../messages/platforms';
import { platformNotInPlan } from '../plans/features';
import type { ScenarioAction } from '../scenarios/scenario';
import { checkMessagingWindow, type OutgoingAction } from './messaging-window';

export const DECISION_ACTIONS = ['reply', 'dm', 'private_reply', 'follow_up', 'handover', 'ignore'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export type AccountState = 'active' | 'needs_reconnect' | 'paused' | 'missing';

export interface DecisionInput {
  message: { platform: Platform; kind: InteractionKind; occurredAt: string; actionable: boolean };
  /** `actions`: what the scenario does, in order (a hand-over or an ignore stands alone). */
  scenario: { id: string; name: string; actions: ScenarioAction[]; keyword: string | null } | null;
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
  /** One per action of the scenario, in order, when it sends something (the fields above are the first one's). */
  steps?: StepDecision[];
}

/** What happens to one action of the scenario: sent now, followed up when the quota resets, or not at all. */
export interface StepDecision {
  /** Its position in the scenario's actions. */
  index: number;
  action: OutgoingAction;
  send: boolean;
  consumesQuota: boolean;
  followUpAt: string | null;
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
  const [first] = scenario.actions;
  if (first === 'ignore') return noSend('ignore', `${matched} and says ignore`, scenario.id);
  if (first === 'handover') return noSend('handover', `${matched}: handed over to a human`, scenario.id);
  const actions = scenario.actions.filter((a): a is OutgoingAction => a !== 'ignore' && a !== 'handover');
  const outgoing = actions[0]!;
  const notInPlan = platformNotInPlan(input.plan.plan, message.platform);
  if (notInPlan) return noSend('ignore', `${matched}, skipped: ${notInPlan}`, scenario.id);
  if (!message.actionable)
    return noSend('ignore', 'backfilled message too old to answer: logged and scored only', scenario.id);
  if (input.accountStatus === 'needs_reconnect')
    return noSend('ignore', 'the social account needs reconnecting', scenario.id, outgoing);
  if (input.accountStatus === 'paused') return noSend('ignore', 'the social account is paused', scenario.id);
  if (input.accountStatus === 'missing')
    return noSend('ignore', 'the social account is no longer connected', scenario.id);
  const steps = actions.map((action, index) => decideStep(action, index, input, now));
  const sendingNow = steps.filter((step) => step.send);
  const later = steps.filter((step) => step.followUpAt !== null);
  // Each action's own verdict, when they differ (e.g. the public reply goes, the DM waits for the quota).
  const others = steps.length > 1 ? steps.map((step) => `${step.action}: ${step.reason}`).join('; ') : null;
  const lead = sendingNow[0] ?? later[0] ?? steps[0]!;
  if (sendingNow.length > 0)
    return {
      action: lead.action,
      send: true,
      outgoing: lead.action,
      consumesQuota: lead.consumesQuota,
      followUpAt: null,
      scenarioId: scenario.id,
      reason: others ? `${matched} (${others})` : matched,
      steps,
    };
  if (later.length > 0)
    return {
      ...noSend('follow_up', lead.reason, scenario.id, lead.action),
      consumesQuota: true,
      followUpAt: lead.followUpAt,
      steps,
    };
  return { ...noSend('ignore', lead.reason, scenario.id, lead.action), steps };
}

/** The window and quota rules for one action (the checks every action shares are done before). */
function decideStep(action: OutgoingAction, index: number, input: DecisionInput, now: Date): StepDecision {
  const { message, plan } = input;
  const window = checkMessagingWindow({ ...message, action }, now);
  const step = { index, action, send: false, consumesQuota: false, followUpAt: null };
  if (!window.open) return { ...step, reason: window.reason };
  const consumesQuota = consumesDmQuota(action, message.kind);
  if (consumesQuota && plan.quotaReached) {
    const stillOpen = window.closesAt === null || Date.parse(window.closesAt) > Date.parse(plan.resetsAt);
    return stillOpen
      ? {
          ...step,
          consumesQuota,
          followUpAt: plan.resetsAt,
          reason: `${QUOTA_REACHED_REASON}: follow-up when it resets`,
        }
      : {
          ...step,
          reason: `${QUOTA_REACHED_REASON}: ${window.reason.replace('inside', 'the')} closes first`,
        };
  }
  return { ...step, send: true, consumesQuota, reason: 'sent now' };
}
