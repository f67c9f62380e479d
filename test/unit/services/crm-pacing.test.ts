import { describe, expect, it } from 'vitest';
import { CrmRequestError } from '../../../shared/services/crm/ports';
import { RateLimiter } from '../../../shared/services/crm/rate-limiter';
import { withRetry } from '../../../shared/services/crm/retry';

function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}

describe('Class: RateLimiter', () => {
  it('spaces calls per key at the configured rate and keeps keys independent', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(4, clock.now, clock.sleep);
    for (let i = 0; i < 5; i++) await limiter.acquire('base-a');
    await limiter.acquire('base-b');
    expect(clock.waits).toEqual([250, 250, 250, 250]);
  });
});

describe('Function: withRetry', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, budgetMs: 5_000 };

  it('waits exactly Retry-After when given, exponential backoff otherwise', async () => {
    const clock = fakeClock();
    const errors = [
      new CrmRequestError('notion', 'rate limited', 429, true, 2_000),
      new CrmRequestError('notion', 'unavailable', 503, true),
    ];
    const result = await withRetry(policy, clock.sleep, async () => {
      const error = errors.shift();
      if (error) throw error;
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(clock.waits).toEqual([2_000, 200]);
  });

  it('gives up on non-retryable errors, after the attempts, or when a wait exceeds the budget', async () => {
    const clock = fakeClock();
    const badRequest = new CrmRequestError('airtable', 'unknown field', 422, false);
    await expect(withRetry(policy, clock.sleep, async () => Promise.reject(badRequest))).rejects.toBe(
      badRequest,
    );
    let calls = 0;
    const unavailable = new CrmRequestError('sheets', 'unavailable', 503, true);
    await expect(
      withRetry(policy, clock.sleep, async () => {
        calls += 1;
        throw unavailable;
      }),
    ).rejects.toBe(unavailable);
    expect(calls).toBe(4);
    const locked = new CrmRequestError('airtable', 'rate limited', 429, true, 30_000);
    await expect(withRetry(policy, clock.sleep, async () => Promise.reject(locked))).rejects.toBe(locked);
    expect(clock.waits).toEqual([100, 200, 400]);
  });
});
