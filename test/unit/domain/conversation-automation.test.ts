import { describe, expect, it } from 'vitest';
import {
  afterIncoming,
  automationBlock,
  consentKeyword,
  OPEN_CONVERSATION,
} from '../../../shared/domain/conversations/automation';
import { decide } from '../../../shared/domain/decisions/decide';

describe('Function: consentKeyword', () => {
  it.each(['STOP', 'stop', ' Stop! ', 'arrête', 'Arrêter', 'désabonner', 'unsubscribe', 'Me désabonner.'])(
    'reads %j as an opt-out',
    (text) => {
      // Act / Assess
      expect(consentKeyword(text)).toBe('opt_out');
    },
  );

  it('does not read a sentence that merely contains "stop" as an opt-out', () => {
    // Act / Assess
    expect(consentKeyword("Don't stop the offer, what is the price?")).toBeNull();
    expect(consentKeyword('')).toBeNull();
  });

  it('reads START as an opt-in', () => {
    expect(consentKeyword('Start')).toBe('opt_in');
  });
});

describe('Function: afterIncoming', () => {
  it('pauses and remembers an opt-out, lifted only by an opt-in keyword', () => {
    // Prepare
    const stopped = afterIncoming(OPEN_CONVERSATION, 'STOP');

    // Act
    const stillStopped = afterIncoming(stopped, 'why?');
    const resumed = afterIncoming(stillStopped, 'START');

    // Assess
    expect(stopped).toEqual({ botPaused: true, pausedReason: 'opt_out', optedOut: true });
    expect(stillStopped).toBe(stopped);
    expect(resumed).toEqual(OPEN_CONVERSATION);
  });

  it('does not resume a hand-over on START (only an opt-out is lifted by the person)', () => {
    const handover = { botPaused: true, pausedReason: 'handover' as const, optedOut: false };
    expect(afterIncoming(handover, 'START')).toBe(handover);
  });
});

describe('Function: automationBlock', () => {
  it('blocks a paused or opted-out conversation and lets an open one through', () => {
    expect(automationBlock(OPEN_CONVERSATION)).toBeNull();
    expect(automationBlock({ botPaused: true, pausedReason: 'handover', optedOut: false })).toContain(
      'handover',
    );
    expect(automationBlock({ botPaused: true, pausedReason: 'opt_out', optedOut: true })).toContain(
      'opted out',
    );
  });
});

describe('Function: decide', () => {
  it('sends nothing when the conversation blocks automation, whatever the scenario says', () => {
    // Prepare
    const now = new Date(Date.UTC(2030, 0, 1, 12));
    const input = {
      message: {
        platform: 'instagram' as const,
        kind: 'dm' as const,
        occurredAt: now.toISOString(),
        actionable: true,
      },
      scenario: { id: 's1', name: 'Tout', actions: ['dm' as const], keyword: null },
      plan: { plan: 'freemium', quotaReached: false, resetsAt: now.toISOString() },
      accountStatus: 'active' as const,
    };

    // Act
    const open = decide(input, now);
    const blocked = decide({ ...input, automationBlocked: 'the bot is paused' }, now);

    // Assess
    expect(open.send).toBe(true);
    expect(blocked).toMatchObject({ send: false, action: 'ignore', scenarioId: 's1' });
    expect(blocked.reason).toContain('the bot is paused');
  });
});
