import { describe, expect, it } from 'vitest';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import {
  type CancelFacts,
  followUpCancelReason,
  followUpKeySuffix,
  followUpProblems,
  MAX_FOLLOW_UP_STEPS,
  startsSequence,
  stepDueAt,
} from '../../../shared/domain/scenarios/follow-ups';

const dmScenario = (followUps: Array<{ afterHours: number; message: string | null }>) => ({
  platform: 'instagram' as const,
  trigger: 'dm' as const,
  actions: [stepOf({ action: 'reply', message: 'Merci !' })],
  followUps,
});

describe('Domain: follow-up sequences', () => {
  describe('Method: followUpProblems', () => {
    it('accepts up to the documented maximum of steps inside the 24-hour window', () => {
      // Prepare
      const scenario = dmScenario([
        { afterHours: 2, message: 'Toujours intéressé, {{firstName}} ?' },
        { afterHours: 6, message: null },
        { afterHours: 15, message: null },
      ]);

      // Act & Assess
      expect(followUpProblems(scenario)).toEqual([]);
      expect(MAX_FOLLOW_UP_STEPS).toBe(3);
    });

    it('names the limit when there are too many steps', () => {
      const steps = Array.from({ length: 4 }, () => ({ afterHours: 1, message: null }));
      expect(followUpProblems(dmScenario(steps))).toContainEqual({
        path: 'followUps',
        message: 'a sequence has at most 3 follow-up steps',
      });
    });

    it("refuses steps that add up past the window (a bot may not use HUMAN_AGENT's 7 days)", () => {
      const problems = followUpProblems(
        dmScenario([
          { afterHours: 12, message: null },
          { afterHours: 12, message: null },
        ]),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]!.message).toContain('add up to 24 hours');
      expect(problems[0]!.message).toContain('at most 23 hours');
    });

    it('refuses a sequence after a comment, on a platform without a window, or after a hand-over', () => {
      const steps = [{ afterHours: 2, message: null }];
      expect(followUpProblems({ ...dmScenario(steps), trigger: 'comment' })[0]!.message).toContain(
        'a comment opens no messaging window',
      );
      expect(followUpProblems({ ...dmScenario(steps), platform: 'tiktok' })[0]!.message).toContain(
        'tiktok has none',
      );
      expect(
        followUpProblems({
          ...dmScenario(steps),
          actions: [stepOf({ action: 'handover', message: null })],
        })[0]!.message,
      ).toBe('follow-ups follow a message the scenario sends');
    });

    it('names an unknown placeholder in a step', () => {
      expect(followUpProblems(dmScenario([{ afterHours: 2, message: 'Hi {{name}}' }]))).toEqual([
        {
          path: 'followUps.0.message',
          message: 'unknown placeholder(s) {{name}}: use {{firstName}} or {{username}}',
        },
      ]);
    });

    it('has nothing to say about a scenario without a sequence', () => {
      expect(followUpProblems({ ...dmScenario([]), trigger: 'comment', platform: 'youtube' })).toEqual([]);
    });
  });

  describe('Method: startsSequence', () => {
    it('starts after a message that opens a window on Instagram or Facebook only', () => {
      expect(startsSequence({ platform: 'instagram', kind: 'dm' })).toBe(true);
      expect(startsSequence({ platform: 'facebook', kind: 'postback' })).toBe(true);
      expect(startsSequence({ platform: 'instagram', kind: 'story_reply' })).toBe(true);
      expect(startsSequence({ platform: 'instagram', kind: 'comment' })).toBe(false);
      expect(startsSequence({ platform: 'instagram', kind: 'read' })).toBe(false);
      expect(startsSequence({ platform: 'linkedin', kind: 'dm' })).toBe(false);
    });
  });

  describe('Method: stepDueAt', () => {
    const steps = [
      { afterHours: 2, message: null },
      { afterHours: 20, message: null },
    ];
    const startedAt = '2026-03-01T10:00:00.000Z';

    it('is due its hours after the previous message', () => {
      expect(stepDueAt(steps, 0, { startedAt, previousAt: startedAt })).toEqual({
        dueAt: '2026-03-01T12:00:00.000Z',
      });
      expect(stepDueAt(steps, 1, { startedAt, previousAt: '2026-03-01T12:00:00.000Z' })).toEqual({
        dueAt: '2026-03-02T08:00:00.000Z',
      });
    });

    it('is not scheduled when a late previous step pushes it past the 24-hour window', () => {
      // The first step waited 3 hours for the quota: 20 hours later is past the window.
      const late = stepDueAt(steps, 1, { startedAt, previousAt: '2026-03-01T15:00:00.000Z' });
      expect(late.dueAt).toBeNull();
      expect(late).toMatchObject({ reason: expect.stringContaining('2026-03-02T10:00:00.000Z') });
    });

    it('has no step beyond the last one', () => {
      expect(stepDueAt(steps, 2, { startedAt, previousAt: startedAt })).toEqual({
        dueAt: null,
        reason: 'the sequence has no more steps',
      });
    });
  });

  describe('Method: followUpCancelReason', () => {
    const facts = (overrides: Partial<CancelFacts> = {}): CancelFacts => ({
      startedAt: '2026-03-01T10:00:00.000Z',
      lastInboundAt: '2026-03-01T10:00:00.000Z',
      lastHumanAt: null,
      automationBlocked: null,
      scenario: { active: true, followUps: [{ afterHours: 2, message: null }] },
      index: 0,
      ...overrides,
    });

    it('lets the step go when nobody wrote since the message that started it', () => {
      expect(followUpCancelReason(facts())).toBeNull();
    });

    it('cancels when the person answered', () => {
      expect(followUpCancelReason(facts({ lastInboundAt: '2026-03-01T10:30:00.000Z' }))).toBe(
        'the person answered: the sequence stops',
      );
    });

    it('cancels when the person opted out or the bot is paused', () => {
      expect(followUpCancelReason(facts({ automationBlocked: 'the person opted out (STOP)' }))).toBe(
        'the person opted out (STOP)',
      );
    });

    it('cancels when a human wrote, even after the bot resumed', () => {
      expect(followUpCancelReason(facts({ lastHumanAt: '2026-03-01T11:00:00.000Z' }))).toContain(
        'team wrote',
      );
    });

    it('cancels when the scenario is gone, off, or lost the step', () => {
      expect(followUpCancelReason(facts({ scenario: null }))).toBe('the scenario was deleted');
      expect(followUpCancelReason(facts({ scenario: { active: false, followUps: [] } }))).toBe(
        'the scenario was switched off',
      );
      expect(followUpCancelReason(facts({ index: 1 }))).toBe('the scenario no longer has follow-up 2');
    });
  });

  describe('Method: followUpKeySuffix', () => {
    it('is one key per scenario and step', () => {
      expect(followUpKeySuffix('s1', 0)).toBe('followup#s1#1');
      expect(followUpKeySuffix('s1', 1)).not.toBe(followUpKeySuffix('s2', 1));
    });
  });
});
