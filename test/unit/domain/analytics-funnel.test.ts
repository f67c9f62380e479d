import { describe, expect, it } from 'vitest';
import {
  dayOf,
  emptyFunnel,
  type FunnelCell,
  givesContact,
  isDay,
  MAX_RANGE_DAYS,
  rangeProblem,
  resolveRange,
  sendCounter,
  sumCells,
} from '../../../shared/domain/analytics/funnel';
import { abTestProblems, assignVariant, variantOf } from '../../../shared/domain/scenarios/ab-test';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import { analyticsQuery } from '../../../shared/schemas/analytics';

describe('Function: dayOf', () => {
  it('gives the UTC calendar day of an instant, whatever its offset', () => {
    // Act / Assess
    expect(dayOf('2026-03-10T23:59:59.999Z')).toBe('2026-03-10');
    expect(dayOf('2026-03-11T00:30:00+02:00')).toBe('2026-03-10');
    expect(dayOf('2026-03-11T00:00:00.000Z')).toBe('2026-03-11');
  });
});

describe('Function: isDay', () => {
  it('accepts real calendar days only', () => {
    // Act / Assess
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-3-1')).toBe(false);
    expect(isDay('yesterday')).toBe(false);
  });
});

describe('Function: rangeProblem', () => {
  it('accepts one day and up to the maximum span, both days included', () => {
    // Act / Assess
    expect(rangeProblem('2026-03-10', '2026-03-10')).toBeNull();
    expect(MAX_RANGE_DAYS).toBe(92);
    expect(rangeProblem('2026-01-01', '2026-04-02')).toBeNull(); // 92 days
  });

  it('names `to` when it is before `from` or the range is too long', () => {
    // Act / Assess
    expect(rangeProblem('2026-03-10', '2026-03-09')).toEqual({
      path: 'to',
      message: 'to (2026-03-09) is before from (2026-03-10)',
    });
    expect(rangeProblem('2026-01-01', '2026-04-03')).toEqual({
      path: 'to',
      message: 'the range spans 93 days: at most 92',
    });
  });
});

describe('Function: resolveRange', () => {
  const now = new Date('2026-03-10T08:00:00.000Z');

  it('reads the last 30 days ending today by default', () => {
    // Act / Assess
    expect(resolveRange({}, now)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('completes a range given by one end with 30 days', () => {
    // Act / Assess
    expect(resolveRange({ from: '2026-01-01' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
    expect(resolveRange({ to: '2026-01-30' }, now)).toEqual({ from: '2026-01-01', to: '2026-01-30' });
    expect(resolveRange({ from: '2026-01-05', to: '2026-01-06' }, now)).toEqual({
      from: '2026-01-05',
      to: '2026-01-06',
    });
  });
});

describe('Schema: analyticsQuery', () => {
  it('names the field of a bad day or a bad range', () => {
    // Act
    const badDay = analyticsQuery.safeParse({ from: '2026-02-30' });
    const reversed = analyticsQuery.safeParse({ from: '2026-03-10', to: '2026-03-01' });
    const tooLong = analyticsQuery.safeParse({ from: '2025-01-01', to: '2026-01-01' });
    // Assess
    expect(badDay.success).toBe(false);
    expect(badDay.error?.issues[0]).toMatchObject({
      path: ['from'],
      message: 'must be a calendar day, YYYY-MM-DD',
    });
    expect(reversed.error?.issues[0]).toMatchObject({ path: ['to'] });
    expect(tooLong.error?.issues[0]?.message).toBe('the range spans 366 days: at most 92');
    expect(analyticsQuery.safeParse({ from: '2026-3-1' }).error?.issues).toHaveLength(1);
    expect(analyticsQuery.parse({})).toEqual({});
  });
});

describe('Function: sendCounter', () => {
  it('counts a reply under a comment as public, and every other sent action as a DM', () => {
    // Act / Assess
    expect(sendCounter('reply', 'comment')).toBe('repliedPublicly');
    expect(sendCounter('private_reply', 'comment')).toBe('sent');
    expect(sendCounter('reply', 'dm')).toBe('sent');
    expect(sendCounter('dm', 'story_mention')).toBe('sent');
  });
});

describe('Function: givesContact', () => {
  it('sees a typed phone or email, and a one-tap quick reply payload', () => {
    // Act / Assess
    expect(givesContact({ text: 'mon numéro : 06 12 34 56 78', payload: null })).toBe(true);
    expect(givesContact({ text: 'écris-moi à lea@example.fr', payload: null })).toBe(true);
    expect(givesContact({ text: '+33 6 12 34 56 78', payload: '+33612345678' })).toBe(true);
    expect(givesContact({ text: 'oui merci', payload: null })).toBe(false);
    expect(givesContact({ text: 'Voir les prix', payload: 'PRICES' })).toBe(false);
  });
});

describe('Function: sumCells', () => {
  it('sums the days of a key, each A/B version apart, and skips cells without the key', () => {
    // Prepare
    const cell = (
      day: string,
      mediaId: string | null,
      sent: number,
      variant: Record<string, number>,
    ): FunnelCell => ({
      day,
      scenarioId: 's1',
      mediaId,
      counts: { ...emptyFunnel(), triggered: sent, sent },
      variants: Object.fromEntries(
        Object.entries(variant).map(([id, n]) => [id, { ...emptyFunnel(), triggered: n, sent: n }]),
      ),
    });
    const cells = [
      cell('2026-03-01', 'm1', 3, { A: 2, B: 1 }),
      cell('2026-03-02', 'm1', 2, { B: 2 }),
      cell('2026-03-02', null, 4, {}),
    ];
    // Act
    const byScenario = sumCells(cells, (c) => c.scenarioId);
    const byPost = sumCells(cells, (c) => c.mediaId);
    // Assess
    expect(byScenario.get('s1')!.counts.sent).toBe(9);
    expect(byScenario.get('s1')!.variants.get('A')!.sent).toBe(2);
    expect(byScenario.get('s1')!.variants.get('B')!.sent).toBe(3);
    expect([...byPost.keys()]).toEqual(['m1']);
    expect(byPost.get('m1')!.counts.triggered).toBe(5);
  });
});

describe('Function: assignVariant', () => {
  const variants = [
    { id: 'A', weight: 80, message: 'a' },
    { id: 'B', weight: 20, message: 'b' },
  ];

  it('gives a lead the same version every time', () => {
    // Act
    const first = assignVariant(variants, 'scn-1', 'lead-42');
    // Assess
    for (let i = 0; i < 5; i++) expect(assignVariant(variants, 'scn-1', 'lead-42')).toBe(first);
  });

  it('splits many leads close to the weights', () => {
    // Act
    const picks = Array.from({ length: 2000 }, (_, i) => assignVariant(variants, 'scn-1', `lead-${i}`).id);
    // Assess
    const a = picks.filter((id) => id === 'A').length / picks.length;
    expect(a).toBeGreaterThan(0.75);
    expect(a).toBeLessThan(0.85);
  });

  it('reads the version of the scenario step that carries the test, or none', () => {
    // Prepare
    const tested = {
      id: 'scn-1',
      actions: [
        stepOf({ action: 'reply', message: 'hi' }),
        stepOf({ action: 'private_reply', message: null, abVariants: variants }),
      ],
    };
    // Act / Assess
    expect(['A', 'B']).toContain(variantOf(tested, 'lead-1')?.id);
    expect(
      variantOf({ id: 'scn-1', actions: [stepOf({ action: 'reply', message: 'hi' })] }, 'lead-1'),
    ).toBeNull();
  });
});

describe('Function: abTestProblems', () => {
  const versions = [
    { id: 'A', weight: 50, message: 'Bonjour {{firstName}}' },
    { id: 'B', weight: 50, message: 'Salut !' },
  ];

  it('accepts a split DM', () => {
    // Act / Assess
    expect(
      abTestProblems([stepOf({ action: 'private_reply', message: null, abVariants: versions })], 'comment'),
    ).toEqual([]);
    expect(abTestProblems([stepOf({ action: 'reply', message: null, abVariants: versions })], 'dm')).toEqual(
      [],
    );
  });

  it('refuses a split public reply, a single version, twice the same id, rotating variants beside it, two tests', () => {
    // Act
    const publicReply = abTestProblems(
      [stepOf({ action: 'reply', message: 'x', abVariants: versions })],
      'comment',
    );
    const one = abTestProblems([stepOf({ action: 'dm', message: null, abVariants: [versions[0]!] })], 'dm');
    const twice = abTestProblems(
      [stepOf({ action: 'dm', message: null, abVariants: [versions[0]!, { ...versions[1]!, id: 'A' }] })],
      'dm',
    );
    const mixed = abTestProblems(
      [stepOf({ action: 'dm', message: 'x', variants: ['y'], abVariants: versions })],
      'dm',
    );
    const two = abTestProblems(
      [
        stepOf({ action: 'dm', message: null, abVariants: versions }),
        stepOf({ action: 'dm', message: null, abVariants: versions }),
      ],
      'dm',
    );
    // Assess
    expect(publicReply[0]).toMatchObject({ path: 'actions.0.abVariants' });
    expect(publicReply[0]!.message).toMatch(/public reply rotates its wordings with variants/);
    expect(one).toEqual([
      { path: 'actions.0.abVariants', message: 'an A/B test needs at least two versions' },
    ]);
    expect(twice).toEqual([{ path: 'actions.0.abVariants.1.id', message: 'version id "A" is used twice' }]);
    expect(mixed[0]).toMatchObject({ path: 'actions.0.variants' });
    expect(two[0]).toMatchObject({ path: 'actions.1.abVariants' });
  });
});
