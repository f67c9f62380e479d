import { describe, expect, it } from 'vitest';
import {
  advanceWatermark,
  formatWatermark,
  isNewerThan,
  parseWatermark,
} from '../../../shared/domain/social/watermark';

describe('Function: watermark', () => {
  it('keeps an unseen item posted in the same second as the last collected one', () => {
    const after = advanceWatermark(null, [
      { id: 'a', time: 1000 },
      { id: 'b', time: 2000 },
    ]);

    expect(after).toEqual({ time: 2000, ids: ['b'] });
    expect(isNewerThan(after, { id: 'b', time: 2000 })).toBe(false);
    expect(isNewerThan(after, { id: 'c', time: 2000 })).toBe(true);
    expect(isNewerThan(after, { id: 'a', time: 1000 })).toBe(false);
    expect(isNewerThan(after, { id: 'd', time: 2001 })).toBe(true);
  });

  it('accumulates ids at the boundary and survives a round trip through the stored string', () => {
    const first = advanceWatermark(null, [{ id: 'a', time: 5 }]);
    const second = advanceWatermark(parseWatermark(formatWatermark(first)), [{ id: 'b', time: 5 }]);

    expect(second).toEqual({ time: 5, ids: ['a', 'b'] });
    expect(advanceWatermark(second, [])).toEqual(second);
    expect(parseWatermark('not json')).toBeNull();
    expect(parseWatermark(null)).toBeNull();
  });
});
