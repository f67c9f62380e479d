import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../../../shared/http/json-depth';

describe('Function: exceedsJsonDepth', () => {
  it('counts nesting, not brackets inside strings or escaped quotes', () => {
    // Prepare
    const brackets = `{"text":"${'['.repeat(200)} \\" ${'{'.repeat(200)}"}`;
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    const limit = `${'['.repeat(64)}${']'.repeat(64)}`;
    // Act
    const verdicts = [brackets, deep, limit, '{"a":[{"b":[1,2]}]}', '"just a string"'].map((text) =>
      exceedsJsonDepth(text, 64),
    );
    // Assess
    expect(verdicts).toEqual([false, true, false, false, false]);
  });

  it('counts siblings at their own depth, not cumulatively', () => {
    const siblings = `[${Array.from({ length: 500 }, () => '[[]]').join(',')}]`;
    expect(exceedsJsonDepth(siblings, 3)).toBe(false);
    expect(exceedsJsonDepth(siblings, 2)).toBe(true);
  });
});
