import { describe, expect, it } from 'vitest';
import { consumesDmQuota, type DecisionInput, decide } from '../../../shared/domain/decisions/decide';
import { checkMessagingWindow } from '../../../shared/domain/decisions/messaging-window';
import { planSend, type SendRecord } from '../../../shared/domain/delivery/send-record';
import { PRIVATE_REPLY_EXPIRED_EXPLANATION } from '../../../shared/domain/messages/messaging-window';

const now = new Date('2026-03-10T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const base = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  message: { platform: 'instagram', kind: 'comment', occurredAt: hoursAgo(1), actionable: true },
  scenario: { id: 's1', name: 'Prix', actions: ['private_reply'], keyword: 'prix' },
  plan: { plan: 'freemium', quotaReached: false, resetsAt: '2026-03-10T23:00:00.000Z' },
  accountStatus: 'active',
  ...overrides,
});

describe('Function: decide', () => {
  it('sends what the matched scenario says, with the reason', () => {
    expect(decide(base(), now)).toEqual({
      action: 'private_reply',
      send: true,
      outgoing: 'private_reply',
      consumesQuota: true,
      followUpAt: null,
      scenarioId: 's1',
      reason: 'scenario "Prix" matched "prix"',
      steps: [
        {
          index: 0,
          action: 'private_reply',
          send: true,
          consumesQuota: true,
          followUpAt: null,
          reason: 'sent now',
        },
      ],
    });
    const dm = decide(
      base({
        message: { platform: 'instagram', kind: 'dm', occurredAt: hoursAgo(2), actionable: true },
        scenario: { id: 's', name: 'All', actions: ['dm'], keyword: null },
      }),
      now,
    );
    expect(dm).toMatchObject({ action: 'dm', send: true, reason: 'scenario "All" matches every message' });
  });

  it('logs and scores only when no scenario matches, or for a read receipt', () => {
    expect(decide(base({ scenario: null }), now)).toMatchObject({
      action: 'ignore',
      send: false,
      reason: expect.stringContaining('no active scenario'),
    });
    expect(decide(base({ message: { ...base().message, kind: 'read' } }), now)).toMatchObject({
      action: 'ignore',
      send: false,
    });
  });

  it('hands over or ignores as the scenario says', () => {
    expect(
      decide(base({ scenario: { id: 's', name: 'Humain', actions: ['handover'], keyword: null } }), now),
    ).toMatchObject({ action: 'handover', send: false });
    expect(
      decide(base({ scenario: { id: 's', name: 'Spam', actions: ['ignore'], keyword: 'spam' } }), now),
    ).toMatchObject({ action: 'ignore', send: false });
  });

  it('never answers backfilled messages or from accounts that cannot send', () => {
    expect(decide(base({ message: { ...base().message, actionable: false } }), now).reason).toContain(
      'backfilled',
    );
    expect(decide(base({ accountStatus: 'needs_reconnect' }), now)).toMatchObject({
      send: false,
      reason: 'the social account needs reconnecting',
    });
    expect(decide(base({ accountStatus: 'paused' }), now)).toMatchObject({
      send: false,
      reason: 'the social account is paused',
    });
    expect(decide(base({ accountStatus: 'missing' }), now).send).toBe(false);
  });

  it('respects the messaging window', () => {
    const old = decide(base({ message: { ...base().message, occurredAt: hoursAgo(8 * 24) } }), now);
    expect(old).toMatchObject({ send: false, reason: PRIVATE_REPLY_EXPIRED_EXPLANATION });
    const staleDm = decide(
      base({
        message: { platform: 'facebook', kind: 'dm', occurredAt: hoursAgo(25), actionable: true },
        scenario: { id: 's', name: 'x', actions: ['reply'], keyword: null },
      }),
      now,
    );
    expect(staleDm.send).toBe(false);
    expect(staleDm.reason).toContain('24-hour');
  });

  it('follows up when the quota resets if the window is still open then; ignores otherwise', () => {
    const quota = { plan: 'freemium', quotaReached: true, resetsAt: '2026-03-10T23:00:00.000Z' };
    expect(decide(base({ plan: quota }), now)).toMatchObject({
      action: 'follow_up',
      send: false,
      followUpAt: quota.resetsAt,
      reason: 'daily DM quota reached: follow-up when it resets',
    });
    const closingDm = decide(
      base({
        plan: quota,
        message: { platform: 'instagram', kind: 'dm', occurredAt: hoursAgo(20), actionable: true },
        scenario: { id: 's', name: 'x', actions: ['dm'], keyword: null },
      }),
      now,
    );
    expect(closingDm).toMatchObject({ action: 'ignore', send: false });
    expect(closingDm.reason).toContain('daily DM quota reached');
    // A public reply under a comment is not a DM: the quota does not stop it.
    const publicReply = decide(
      base({ plan: quota, scenario: { id: 's', name: 'x', actions: ['reply'], keyword: null } }),
      now,
    );
    expect(publicReply).toMatchObject({ action: 'reply', send: true, consumesQuota: false });
    expect(consumesDmQuota('reply', 'dm')).toBe(true);
  });

  it('skips a scenario on a platform the plan does not automate, naming the plan needed', () => {
    // Prepare
    const linkedInDm = {
      platform: 'linkedin' as const,
      kind: 'dm' as const,
      occurredAt: hoursAgo(1),
      actionable: true,
    };
    const scenario = { id: 's-li', name: 'LinkedIn', actions: ['dm' as const], keyword: null };

    // Act
    const freemium = decide(base({ message: linkedInDm, scenario }), now);
    const premium = decide(
      base({ message: linkedInDm, scenario, plan: { ...base().plan, plan: 'premium' } }),
      now,
    );
    const ultra = decide(
      base({ message: linkedInDm, scenario, plan: { ...base().plan, plan: 'ultra' } }),
      now,
    );

    // Assess
    expect(freemium).toMatchObject({
      action: 'ignore',
      send: false,
      consumesQuota: false,
      scenarioId: 's-li',
    });
    expect(freemium.reason).toBe(
      'scenario "LinkedIn" matches every message, skipped: LinkedIn automation is not included in the Freemium plan. Upgrade to Ultra to use it.',
    );
    expect(premium).toMatchObject({ send: false });
    expect(premium.reason).toContain('not included in the Premium plan. Upgrade to Ultra');
    expect(ultra).toMatchObject({ action: 'dm', send: true });
    // Instagram needs no plan feature: the same scenario answers on Freemium.
    const instagramDm = { ...linkedInDm, platform: 'instagram' as const };
    expect(decide(base({ message: instagramDm, scenario }), now)).toMatchObject({ send: true });
  });
});

describe('Function: checkMessagingWindow', () => {
  it('knows Meta’s rules and leaves other platforms to their providers', () => {
    expect(
      checkMessagingWindow(
        { platform: 'instagram', kind: 'comment', action: 'dm', occurredAt: hoursAgo(1) },
        now,
      ).open,
    ).toBe(false);
    expect(
      checkMessagingWindow(
        { platform: 'instagram', kind: 'dm', action: 'private_reply', occurredAt: hoursAgo(1) },
        now,
      ).open,
    ).toBe(false);
    expect(
      checkMessagingWindow(
        { platform: 'instagram', kind: 'comment', action: 'reply', occurredAt: hoursAgo(9999) },
        now,
      ),
    ).toMatchObject({ open: true, closesAt: null });
    expect(
      checkMessagingWindow(
        { platform: 'instagram', kind: 'story_reply', action: 'reply', occurredAt: hoursAgo(23) },
        now,
      ),
    ).toMatchObject({ open: true, closesAt: hoursAgo(-1) });
    expect(
      checkMessagingWindow(
        { platform: 'youtube', kind: 'comment', action: 'dm', occurredAt: hoursAgo(9999) },
        now,
      ).open,
    ).toBe(true);
  });
});

describe('Function: planSend', () => {
  const record = (status: SendRecord['status'], startedAt = hoursAgo(0)): SendRecord => ({
    workspaceId: 'w',
    idempotencyKey: 'k',
    dedupeKey: 'd',
    action: 'dm',
    status,
    attempt: 2,
    startedAt,
    quotaDay: null,
    providerMessageId: null,
    text: 't',
    explanation: null,
    attempts: [],
    updatedAt: startedAt,
  });

  it('attempts when there is no record or the last attempt may be retried', () => {
    expect(planSend(undefined, now, 60_000)).toEqual({ kind: 'attempt', attempt: 1, previous: undefined });
    expect(planSend(record('retry_wait'), now, 60_000)).toMatchObject({ kind: 'attempt', attempt: 3 });
    expect(planSend(record('quota_blocked'), now, 60_000)).toMatchObject({ kind: 'attempt', attempt: 3 });
  });

  it('skips final records, waits for a live claim, and flags a stale one', () => {
    for (const status of ['sent', 'failed', 'uncertain'] as const)
      expect(planSend(record(status), now, 60_000)).toEqual({ kind: 'final', status });
    expect(planSend(record('sending', new Date(now.getTime() - 59_000).toISOString()), now, 60_000)).toEqual({
      kind: 'busy',
    });
    expect(planSend(record('sending', new Date(now.getTime() - 61_000).toISOString()), now, 60_000)).toEqual({
      kind: 'stale',
    });
  });
});
