import { describe, expect, it } from 'vitest';
import { stepOf } from '../../../shared/domain/scenarios/actions';
import { findMatchingScenario } from '../../../shared/domain/scenarios/matching';
import { awaitsNextPost, postScopeAccepts } from '../../../shared/domain/scenarios/post-scope';
import type { Scenario } from '../../../shared/domain/scenarios/scenario';
import { postScopeProblems } from '../../../shared/domain/scenarios/validation';

const scenario = (overrides: Partial<Scenario>): Scenario => ({
  id: 's',
  workspaceId: 'w',
  name: 'scenario',
  platform: 'any',
  trigger: 'any',
  keywords: [],
  match: 'word',
  keywordsRequired: 'any',
  mediaIds: [],
  nextPost: null,
  liveComments: 'exclude',
  followUps: [],
  actions: [stepOf({ action: 'reply', message: 'Merci !' })],
  payload: null,
  active: true,
  priority: 100,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});
const commentOn = (mediaId: string, live = false) => ({
  platform: 'instagram' as const,
  kind: 'comment' as const,
  text: 'prix ?',
  mediaId,
  ...(live ? { live: true } : {}),
});
const dm = { platform: 'instagram' as const, kind: 'dm' as const, text: 'prix ?' };

describe('Function: postScopeAccepts', () => {
  it('answers every post without a scope, and only the listed posts with one', () => {
    // Prepare
    const everyPost = scenario({});
    const postA = scenario({ mediaIds: ['111', '112'] });

    // Act / Assess
    expect(postScopeAccepts(everyPost, commentOn('999'))).toBe(true);
    expect(postScopeAccepts(postA, commentOn('111'))).toBe(true);
    expect(postScopeAccepts(postA, commentOn('999'))).toBe(false);
  });

  it('never answers a DM or a comment without a post with a post-scoped scenario', () => {
    // Prepare
    const postA = scenario({ mediaIds: ['111'] });

    // Act / Assess
    expect(postScopeAccepts(postA, dm)).toBe(false);
    expect(postScopeAccepts(postA, { ...commentOn('111'), mediaId: null })).toBe(false);
    expect(postScopeAccepts(scenario({}), dm)).toBe(true);
  });

  it('answers the next post only once it is resolved, and only that post', () => {
    // Prepare
    const waiting = scenario({ nextPost: { after: '2026-03-01T00:00:00.000Z', mediaId: null } });
    const resolved = scenario({ nextPost: { after: '2026-03-01T00:00:00.000Z', mediaId: '222' } });

    // Act / Assess
    expect(postScopeAccepts(waiting, commentOn('222'))).toBe(false);
    expect(awaitsNextPost(waiting, commentOn('222'))).toBe(true);
    expect(awaitsNextPost(waiting, dm)).toBe(false);
    expect(postScopeAccepts(resolved, commentOn('222'))).toBe(true);
    expect(postScopeAccepts(resolved, commentOn('333'))).toBe(false);
    expect(awaitsNextPost(resolved, commentOn('333'))).toBe(false);
  });

  it('keeps live comments apart: excluded by default, included, or the only ones', () => {
    // Prepare
    const byDefault = scenario({});
    const included = scenario({ liveComments: 'include' });
    const liveOnly = scenario({ liveComments: 'only' });

    // Act / Assess
    expect(postScopeAccepts(byDefault, commentOn('1', true))).toBe(false);
    expect(postScopeAccepts(included, commentOn('1', true))).toBe(true);
    expect(postScopeAccepts(included, commentOn('1'))).toBe(true);
    expect(postScopeAccepts(liveOnly, commentOn('1', true))).toBe(true);
    expect(postScopeAccepts(liveOnly, commentOn('1'))).toBe(false);
    expect(postScopeAccepts(liveOnly, dm)).toBe(false);
  });
});

describe('Function: findMatchingScenario (post scope)', () => {
  it('picks the post-A scenario for a comment on A and the general one for a comment on B', () => {
    // Prepare
    const general = scenario({ id: 'general', priority: 50 });
    const postA = scenario({ id: 'post-a', priority: 100, mediaIds: ['111'] });

    // Act
    const onA = findMatchingScenario([general, postA].reverse(), commentOn('111'));
    const onB = findMatchingScenario([general, postA], commentOn('222'));

    // Assess: priority still orders them; a scoped one with a lower priority number wins on its post only.
    expect(onA?.scenario.id).toBe('general');
    expect(findMatchingScenario([{ ...postA, priority: 1 }, general], commentOn('111'))?.scenario.id).toBe(
      'post-a',
    );
    expect(onB?.scenario.id).toBe('general');
  });
});

describe('Function: postScopeProblems', () => {
  it('refuses specific posts with the next post, and a post scope on a trigger without comments', () => {
    // Act / Assess
    expect(
      postScopeProblems({ trigger: 'comment', mediaIds: ['1'], nextPost: true, liveComments: 'exclude' }),
    ).toEqual([{ path: 'nextPost', message: expect.stringContaining('not both') }]);
    expect(
      postScopeProblems({ trigger: 'dm', mediaIds: ['1'], nextPost: false, liveComments: 'exclude' }),
    ).toEqual([{ path: 'mediaIds', message: expect.stringContaining('comment trigger') }]);
    expect(postScopeProblems({ trigger: 'dm', mediaIds: [], nextPost: false, liveComments: 'only' })).toEqual(
      [{ path: 'liveComments', message: expect.stringContaining('comment trigger') }],
    );
    expect(
      postScopeProblems({ trigger: 'any', mediaIds: [], nextPost: true, liveComments: 'include' }),
    ).toEqual([]);
  });
});
