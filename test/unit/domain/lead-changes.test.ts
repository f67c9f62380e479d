import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../../shared/domain/messages/incoming-message';
import { applyInteraction, mergeFactors } from '../../../shared/domain/pipeline/lead-changes';

const message = (overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  dedupeKey: 'instagram:comment:1',
  workspaceId: 'w',
  accountId: 'a',
  platform: 'instagram',
  kind: 'comment',
  platformMessageId: '1',
  conversationId: null,
  mediaId: 'm',
  parentId: null,
  story: null,
  author: { platformUserId: 'u', username: 'marie', displayName: 'Marie' },
  text: 'Combien ? 06 12 34 56 78',
  payload: null,
  occurredAt: '2026-03-10T10:00:00.000Z',
  source: 'webhook',
  actionable: true,
  correlationId: 'c',
  ...overrides,
});

describe('Function: applyInteraction', () => {
  it('creates a lead with phone, score and one counted interaction', () => {
    const lead = applyInteraction(undefined, message(), 'L', '2026-03-10T10:00:01.000Z')!;
    expect(lead).toMatchObject({
      id: 'L',
      status: 'new',
      phone: '+33612345678',
      interactionCount: 1,
      countedKeys: ['instagram:comment:1'],
    });
    // The score is the sum of its explainable factors (weights live in scoring.ts).
    expect(lead.score).toBe(lead.scoreFactors.reduce((sum, f) => sum + f.points, 0));
    expect(lead.scoreFactors.map((f) => f.factor)).toEqual(
      expect.arrayContaining(['price_question', 'phone_given']),
    );
  });

  it('ignores a replay and never moves the last interaction backwards', () => {
    const first = applyInteraction(undefined, message(), 'L', 'now')!;
    expect(applyInteraction(first, message(), 'L', 'later')).toBeUndefined();
    const older = applyInteraction(
      first,
      message({ dedupeKey: 'k2', text: 'merci', occurredAt: '2026-03-01T00:00:00.000Z' }),
      'L',
      'later',
    )!;
    expect(older).toMatchObject({
      interactionCount: 2,
      lastInteractionAt: first.lastInteractionAt,
      lastMessageText: first.lastMessageText,
      phone: '+33612345678',
    });
    expect(older.score).toBeGreaterThanOrEqual(first.score);
  });

  it('keeps each factor at its highest points', () => {
    expect(
      mergeFactors(
        [{ factor: 'a', points: 30 }],
        [
          { factor: 'a', points: 10 },
          { factor: 'b', points: 5 },
        ],
      ),
    ).toEqual({
      score: 35,
      factors: [
        { factor: 'a', points: 30 },
        { factor: 'b', points: 5 },
      ],
    });
  });
});
