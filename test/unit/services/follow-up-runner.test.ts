import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import type { Scenario } from '../../../shared/domain/scenarios/scenario';
import { FollowUpRunner } from '../../../shared/services/engine/follow-up-runner';
import { sequenceFollowUp } from '../../../shared/services/engine/follow-up-sequence';
import type { FollowUp, FollowUpStore } from '../../../shared/services/engine/ports';
import type { SendRequest } from '../../../shared/services/engine/sender';

const HOUR = 3600_000;
const startedAt = '2026-03-01T10:00:00.000Z';
const message = {
  dedupeKey: 'instagram:dm:mid1',
  workspaceId: 'w1',
  accountId: 'a1',
  platform: 'instagram',
  kind: 'dm',
  platformMessageId: 'mid1',
  conversationId: 'c1',
  mediaId: null,
  parentId: null,
  author: { platformUserId: 'u1', username: 'lea', displayName: 'Léa Martin' },
  text: 'Quel est le prix ?',
  occurredAt: startedAt,
  source: 'webhook',
  actionable: true,
  correlationId: 'corr',
} as unknown as IncomingMessage;

const scenarioWith = (followUps: Scenario['followUps'], active = true) =>
  ({
    id: 's1',
    workspaceId: 'w1',
    name: 'Tarifs',
    active,
    actions: [stepOf({ action: 'reply', message: 'Nos prix' })],
    followUps,
  }) as unknown as Scenario;

/** The runner with in-memory stand-ins around it: what it schedules, closes and sends is recorded. */
function runnerAt(
  at: number,
  setup: {
    scenario: Scenario | undefined;
    thread?: { lastInboundAt: string | null; lastHumanAt: string | null };
  },
) {
  const scheduled: FollowUp[] = [];
  const closed: Array<[string, string, string]> = [];
  const sent: SendRequest[] = [];
  const store: FollowUpStore = {
    schedule: async (f) => {
      scheduled.push(f);
    },
    due: async () => [],
    reschedule: async () => {},
    close: async (f, status, reason) => {
      closed.push([f.dedupeKey, status, reason]);
    },
  };
  const runner = new FollowUpRunner({
    followUps: store,
    plans: {
      check: async () => ({
        plan: 'premium',
        features: { aiReplies: false, crmSync: false, linkedinAutomation: false },
        dmLimitPerDay: null,
        dmSentToday: 0,
        quotaReached: false,
        resetsAt: '2026-03-02T00:00:00.000Z',
        accountStatus: 'active',
      }),
    } as never,
    replies: {
      writeFollowUp: async ({ template }: { template: string | null }) => ({
        text: template ?? 'written by the engine',
        source: template ? 'template' : 'rules',
      }),
    } as never,
    sender: {
      send: async (request: SendRequest) => {
        sent.push(request);
        return {
          status: 'sent',
          idempotencyKey: request.idempotencyKey,
          providerMessageId: 'mid',
          explanation: 'sent',
        };
      },
    } as never,
    outcomes: { recordDelivery: async () => undefined } as never,
    scenarios: { get: async () => setup.scenario },
    threads: {
      record: async () => setup.thread ?? { lastInboundAt: startedAt, lastHumanAt: null },
    },
    now: () => new Date(at),
  });
  return { runner, scheduled, closed, sent };
}

const stepItem = (followUps: Scenario['followUps'], index: number, previousAt = startedAt) => {
  const built = sequenceFollowUp({
    message,
    leadId: 'lead1',
    scenario: { id: 's1', name: 'Tarifs', followUps },
    index,
    previousAt,
    now: previousAt,
  });
  if (!built.followUp) throw new Error(built.reason);
  return built.followUp;
};

describe('Class: FollowUpRunner', () => {
  describe('Method: process (sequence steps)', () => {
    const steps = [
      { afterHours: 2, message: 'Toujours intéressée ?' },
      { afterHours: 5, message: null },
    ];

    it('sends the step under its own key and schedules the next one its hours later', async () => {
      // Prepare
      const at = Date.parse(startedAt) + 2 * HOUR + 60_000;
      const { runner, scheduled, closed, sent } = runnerAt(at, { scenario: scenarioWith(steps) });

      // Act
      const result = await runner.process(stepItem(steps, 0));

      // Assess
      expect(result).toBe('sent');
      expect(sent.map((s) => [s.text, s.idempotencyKey, s.action])).toEqual([
        ['Toujours intéressée ?', 'instagram:dm:mid1#followup#s1#1', 'reply'],
      ]);
      expect(scheduled.map((f) => [f.dedupeKey, f.sequence, f.dueAt])).toEqual([
        ['instagram:dm:mid1#followup#s1#2', { index: 1 }, new Date(at + 5 * HOUR).toISOString()],
      ]);
      expect(closed).toEqual([['instagram:dm:mid1#followup#s1#1', 'sent', 'sent']]);
    });

    it('ends the sequence when the next step would fall outside the 24-hour window', async () => {
      // Prepare: the first step went 20 hours late (a long quota wait): 5 more hours is past the window.
      const at = Date.parse(startedAt) + 20 * HOUR;
      const { runner, scheduled, sent } = runnerAt(at, { scenario: scenarioWith(steps) });

      // Act
      await runner.process(stepItem(steps, 0));

      // Assess
      expect(sent).toHaveLength(1);
      expect(scheduled).toEqual([]);
    });

    it('cancels without sending when the person answered or the scenario was switched off', async () => {
      // Prepare
      const at = Date.parse(startedAt) + 3 * HOUR;
      const answered = runnerAt(at, {
        scenario: scenarioWith(steps),
        thread: { lastInboundAt: '2026-03-01T11:00:00.000Z', lastHumanAt: null },
      });
      const off = runnerAt(at, { scenario: scenarioWith(steps, false) });

      // Act
      const results = [
        await answered.runner.process(stepItem(steps, 0)),
        await off.runner.process(stepItem(steps, 0)),
      ];

      // Assess
      expect(results).toEqual(['cancelled', 'cancelled']);
      expect([...answered.sent, ...off.sent]).toEqual([]);
      expect(answered.closed[0]![2]).toBe('the person answered: the sequence stops');
      expect(off.closed[0]![2]).toBe('the scenario was switched off');
    });

    it('writes the step as the scenario says now, and asks the engine when it has no template', async () => {
      // Prepare: the step was scheduled with a template the owner has since removed.
      const at = Date.parse(startedAt) + 3 * HOUR;
      const { runner, sent } = runnerAt(at, {
        scenario: scenarioWith([{ afterHours: 2, message: null }]),
      });

      // Act
      await runner.process(stepItem(steps, 0));

      // Assess
      expect(sent.map((s) => s.text)).toEqual(['written by the engine']);
    });
  });
});
