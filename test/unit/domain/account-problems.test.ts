import { describe, expect, it } from 'vitest';
import {
  asSentence,
  awaitsAccount,
  type CompletionFacts,
  lastEventDue,
} from '../../../shared/domain/accounts/account-problems';
import { planSend, type SendRecord } from '../../../shared/domain/delivery/send-record';

describe('Function: awaitsAccount', () => {
  const unanswered: CompletionFacts = {
    actionable: true,
    wantedToSend: true,
    delivered: false,
    statusAtDecision: 'active',
    statusNow: undefined,
  };

  it('parks an unanswered interaction while its account needs reconnecting or is paused', () => {
    expect(awaitsAccount({ ...unanswered, statusAtDecision: 'needs_reconnect' })).toBe(true);
    expect(awaitsAccount({ ...unanswered, statusAtDecision: 'paused' })).toBe(true);
    // The account went down during the send (a 190 mid-run).
    expect(awaitsAccount({ ...unanswered, statusNow: 'needs_reconnect' })).toBe(true);
  });

  it('finishes everything else: healthy or missing account, delivered, nothing to send, too old to answer', () => {
    expect(awaitsAccount(unanswered)).toBe(false);
    expect(awaitsAccount({ ...unanswered, statusNow: 'active' })).toBe(false);
    expect(awaitsAccount({ ...unanswered, statusAtDecision: 'missing' })).toBe(false);
    const down = { ...unanswered, statusAtDecision: 'needs_reconnect' as const };
    expect(awaitsAccount({ ...down, delivered: true })).toBe(false);
    expect(awaitsAccount({ ...down, wantedToSend: false })).toBe(false);
    expect(awaitsAccount({ ...down, actionable: false })).toBe(false);
  });
});

describe('Function: lastEventDue', () => {
  it('writes the first event, then at most once a minute, and never backwards', () => {
    expect(lastEventDue(null, '2026-11-25T10:00:00.000Z')).toBe(true);
    expect(lastEventDue('2026-11-25T10:00:00.000Z', '2026-11-25T10:00:59.999Z')).toBe(false);
    expect(lastEventDue('2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z')).toBe(true);
    expect(lastEventDue('2026-11-25T10:00:00.000Z', '2026-11-25T09:00:00.000Z')).toBe(false);
  });
});

describe('Function: asSentence', () => {
  it('turns a provider fragment into a sentence, leaving sentences alone', () => {
    expect(asSentence('the Meta access token expired: reconnect the account')).toBe(
      'The Meta access token expired: reconnect the account.',
    );
    expect(asSentence('LinkedIn asks for a security check.')).toBe('LinkedIn asks for a security check.');
    expect(asSentence('  ')).toBe('The provider refused the connection.');
  });
});

describe('Function: planSend (account_blocked)', () => {
  it('lets the next delivery after a reconnect attempt again: an auth failure delivered nothing', () => {
    const blocked = { status: 'account_blocked', attempt: 1 } as SendRecord;
    expect(planSend(blocked, new Date(), 60_000)).toEqual({ kind: 'attempt', attempt: 2, previous: blocked });
  });
});
