import { DM_WINDOW_MS } from '../messages/messaging-window';
import type { InteractionKind, Platform } from '../messages/platforms';
import { type ScenarioStep, stepSends } from './actions';
import { unknownPlaceholders } from './template';

/**
 * Follow-up sequences: "if the person has not answered X hours later, send Y", a few steps at most, each sent
 * once, all inside Meta's standard messaging window.
 *
 * The window (PROVIDERS.md §1.7, domain/messages/messaging-window.ts): a message may go to a person only within
 * 24 hours of their last message. Meta's HUMAN_AGENT tag stretches it to 7 days for a member's own reply only
 * ("automated use is prohibited"), so a bot follow-up never uses it: every step of a sequence must go out within
 * 24 hours of the message that started it. A comment opens no window at all ("Private Replies do not open the
 * 24 hour window for standard messaging"), so a sequence follows a person's DM, story reply, story mention or
 * tapped button only, on Instagram and Facebook (the platforms whose window is known).
 *
 * A step is cancelled when the person answers (anything they write after the message that started it), opts out
 * or a human takes the conversation over (a member or the owner wrote, or the bot is paused), and when the
 * scenario was deleted, switched off or lost that step.
 */
export interface FollowUpStep {
  /** Hours after the previous message of the sequence (the scenario's answer for the first step). */
  afterHours: number;
  /** A template with {{firstName}} / {{username}}; null = the AI engine writes it (generateFollowUp). */
  message: string | null;
}

/** At most this many steps in one sequence: a few reminders, never a drip campaign inside a DM. */
export const MAX_FOLLOW_UP_STEPS = 3;
/**
 * The whole sequence fits in this many hours after the person's message: Meta's 24-hour window, less an hour
 * so the last step still goes out when the follow-ups schedule (every few minutes) or a quota wait delays it.
 */
export const MAX_FOLLOW_UP_HOURS = 23;

const META: readonly string[] = ['instagram', 'facebook'];

export interface FollowUpProblem {
  path: string;
  message: string;
}

/** The sequence's rules across fields (checked on create and on the merged update). */
export function followUpProblems(scenario: {
  platform: string;
  trigger: string;
  actions: ReadonlyArray<Pick<ScenarioStep, 'action'>>;
  followUps: readonly FollowUpStep[];
}): FollowUpProblem[] {
  const steps = scenario.followUps;
  if (steps.length === 0) return [];
  const problems: FollowUpProblem[] = [];
  if (steps.length > MAX_FOLLOW_UP_STEPS)
    problems.push({
      path: 'followUps',
      message: `a sequence has at most ${MAX_FOLLOW_UP_STEPS} follow-up steps`,
    });
  if (scenario.platform !== 'any' && !META.includes(scenario.platform))
    problems.push({
      path: 'followUps',
      message: `follow-ups are Instagram and Facebook messages inside Meta's messaging window: ${scenario.platform} has none`,
    });
  if (scenario.trigger === 'comment' || scenario.trigger === 'mention')
    problems.push({
      path: 'followUps',
      message:
        'a comment opens no messaging window (Meta: private replies do not open it): follow-ups follow a DM, a story reply or a tapped button',
    });
  if (!scenario.actions.some((step) => stepSends(step.action)))
    problems.push({ path: 'followUps', message: 'follow-ups follow a message the scenario sends' });
  const total = steps.reduce((sum, step) => sum + step.afterHours, 0);
  if (total > MAX_FOLLOW_UP_HOURS)
    problems.push({
      path: 'followUps',
      message: `the steps add up to ${total} hours: a bot may only write within Meta's 24-hour window after the person's message (HUMAN_AGENT is for human replies), so at most ${MAX_FOLLOW_UP_HOURS} hours in all`,
    });
  steps.forEach((step, index) => {
    if (step.message === null) return;
    const unknown = unknownPlaceholders(step.message);
    if (unknown.length > 0)
      problems.push({
        path: `followUps.${index}.message`,
        message: `unknown placeholder(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}: use {{firstName}} or {{username}}`,
      });
  });
  return problems;
}

/** Whether a message can start a sequence: a person's own message on Instagram or Facebook (a window opens). */
export const startsSequence = (message: { platform: Platform; kind: InteractionKind }): boolean =>
  META.includes(message.platform) && message.kind !== 'comment' && message.kind !== 'read';

const HOUR_MS = 3600_000;

export type StepSchedule = { dueAt: string } | { dueAt: null; reason: string };

/**
 * When step `index` is due: its hours after the previous message of the sequence went (`previousAt`), and never
 * before the hours the steps add up to from the person's message. Null (with why) when that is no longer inside
 * the 24-hour window the person's message opened.
 */
export function stepDueAt(
  steps: readonly FollowUpStep[],
  index: number,
  times: { startedAt: string; previousAt: string },
): StepSchedule {
  const step = steps[index];
  if (!step) return { dueAt: null, reason: 'the sequence has no more steps' };
  const started = Date.parse(times.startedAt);
  const cumulative = steps.slice(0, index + 1).reduce((sum, s) => sum + s.afterHours, 0);
  const due = Math.max(
    started + cumulative * HOUR_MS,
    Date.parse(times.previousAt) + step.afterHours * HOUR_MS,
  );
  const closes = started + DM_WINDOW_MS;
  if (due >= closes)
    return {
      dueAt: null,
      reason: `follow-up ${index + 1} would go after Meta's 24-hour window closes (${new Date(closes).toISOString()})`,
    };
  return { dueAt: new Date(due).toISOString() };
}

export interface CancelFacts {
  /** When the person wrote the message that started the sequence. */
  startedAt: string;
  /** The newest message the person wrote in this conversation (the inbox's), null when unknown. */
  lastInboundAt: string | null;
  /** When a member (in Flow IA) or the owner (from the app) last wrote, null when never. */
  lastHumanAt: string | null;
  /** The bot pause / opt-out verdict (domain/conversations/automation `automationBlock`). */
  automationBlocked: string | null;
  /** The scenario as it is now; null when deleted. */
  scenario: { active: boolean; followUps: readonly FollowUpStep[] } | null;
  index: number;
}

/** Why step `index` must not go, or null when it may (the window and the quota are the Sender's). */
export function followUpCancelReason(facts: CancelFacts): string | null {
  if (facts.automationBlocked) return facts.automationBlocked;
  if (facts.lastInboundAt !== null && facts.lastInboundAt > facts.startedAt)
    return 'the person answered: the sequence stops';
  if (facts.lastHumanAt !== null && facts.lastHumanAt > facts.startedAt)
    return 'a person from the team wrote in this conversation: the sequence stops';
  if (!facts.scenario) return 'the scenario was deleted';
  if (!facts.scenario.active) return 'the scenario was switched off';
  if (!facts.scenario.followUps[facts.index])
    return `the scenario no longer has follow-up ${facts.index + 1}`;
  return null;
}

/**
 * The key of step `index` of the sequence one message started: the message (hence the lead), the scenario and
 * the step. Both the follow-up item and the step's send record are stored under it, so a replayed schedule run,
 * a crashed worker or a redelivered webhook never sends a step twice.
 */
export const followUpKeySuffix = (scenarioId: string, index: number) => `followup#${scenarioId}#${index + 1}`;
