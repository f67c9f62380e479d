import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { type FollowUpStep, followUpKeySuffix, stepDueAt } from '../../domain/scenarios/follow-ups';
import type { FollowUp } from './ports';

/**
 * The follow-up item of step `index` of the sequence `message` started (domain/scenarios/follow-ups.ts), due
 * its hours after `previousAt` (when the previous message of the sequence went); or why it is not scheduled
 * (past the window, or no such step). Scheduled by the workflow for the first step once the scenario's answer
 * went, and by the follow-up runner for each next step once the previous one went.
 */
export function sequenceFollowUp(input: {
  message: IncomingMessage;
  leadId: string;
  scenario: { id: string; name: string; followUps: readonly FollowUpStep[] };
  index: number;
  previousAt: string;
  now: string;
}): { followUp: FollowUp } | { followUp: null; reason: string } {
  const { message, scenario, index } = input;
  const due = stepDueAt(scenario.followUps, index, {
    startedAt: message.occurredAt,
    previousAt: input.previousAt,
  });
  if (due.dueAt === null) return { followUp: null, reason: due.reason };
  return {
    followUp: {
      workspaceId: message.workspaceId,
      dedupeKey: `${message.dedupeKey}#${followUpKeySuffix(scenario.id, index)}`,
      leadId: input.leadId,
      message,
      // In the conversation the person's message opened: a DM inside its 24-hour window.
      action: 'reply',
      scenario: { id: scenario.id, name: scenario.name, message: scenario.followUps[index]!.message },
      sequence: { index },
      dueAt: due.dueAt,
      status: 'scheduled',
      reason: `follow-up ${index + 1} of "${scenario.name}" if the person has not answered`,
      createdAt: input.now,
      updatedAt: input.now,
    },
  };
}
