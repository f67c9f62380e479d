import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  MAX_DELAY_MS,
  parseGoDuration,
  retryHintMs,
} from '../../../shared/adapters/openai/retry-policy';

describe('Module: OpenAI retry policy', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');

  it('prefers retry-after-ms, then retry-after (seconds or HTTP date), then the 429 window reset', () => {
    expect(retryHintMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now, true)).toBe(250);
    expect(retryHintMs(new Headers({ 'retry-after': '2' }), now, true)).toBe(2000);
    expect(retryHintMs(new Headers({ 'retry-after': 'Mon, 02 Mar 2026 10:00:05 GMT' }), now, true)).toBe(
      5000,
    );
    expect(retryHintMs(new Headers({ 'x-ratelimit-reset-requests': '1.5s' }), now, true)).toBe(1500);
    expect(retryHintMs(new Headers({ 'x-ratelimit-reset-requests': '1.5s' }), now, false)).toBeUndefined();
    expect(retryHintMs(new Headers({ 'retry-after': 'soon' }), now, true)).toBeUndefined();
  });

  it('parses Go durations as OpenAI sends them', () => {
    expect(parseGoDuration('6m0s')).toBe(360_000);
    expect(parseGoDuration('20ms')).toBe(20);
    expect(parseGoDuration('1h2m3s')).toBe(3_723_000);
    expect(parseGoDuration('later')).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(2, () => 0)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(2000);
    expect(backoffMs(20, () => 1)).toBe(MAX_DELAY_MS);
  });
});
