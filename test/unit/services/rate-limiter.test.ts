import { describe, expect, it } from 'vitest';
import { rateWindow, rulesFor } from '../../../shared/domain/rate-limit/fixed-window';
import { RateLimitedError } from '../../../shared/errors';
import type { RateCounter } from '../../../shared/services/rate-limit/ports';
import { RateLimiter } from '../../../shared/services/rate-limit/rate-limiter';
import { SubjectLimiter } from '../../../shared/services/rate-limit/subject-limiter';

class MemoryCounter implements RateCounter {
  readonly counts = new Map<string, number>();
  readonly expiries = new Map<string, number>();
  async hit(subject: string, windowStart: number, expiresAt: number): Promise<number> {
    const key = `${subject}@${windowStart}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    this.expiries.set(key, expiresAt);
    return count;
  }
  async count(subject: string, windowStart: number): Promise<number> {
    return this.counts.get(`${subject}@${windowStart}`) ?? 0;
  }
}

const policy = { windowSeconds: 60, perUser: 3, perIp: 5, authPerIp: 2 };

function limiterAt(iso: string) {
  const clock = { now: new Date(iso) };
  const counter = new MemoryCounter();
  return { clock, counter, limiter: new RateLimiter(counter, policy, () => clock.now) };
}

describe('Class: RateLimiter', () => {
  describe('Method: check', () => {
    it('allows a user up to the limit in a window, then refuses with the seconds left in the window', async () => {
      const { limiter } = limiterAt('2025-01-15T10:00:15Z');
      const request = { routeKey: 'GET /leads', sourceIp: '203.0.113.7', userId: 'u1' };
      for (let i = 0; i < 3; i += 1) expect((await limiter.check(request)).allowed).toBe(true);
      expect(await limiter.check(request)).toEqual({
        allowed: false,
        subject: 'user:u1',
        limit: 3,
        retryAfterSeconds: 45,
      });
    });

    it('starts a fresh budget in the next window', async () => {
      const { limiter, clock } = limiterAt('2025-01-15T10:00:59Z');
      const request = { routeKey: 'GET /leads', sourceIp: '203.0.113.7', userId: 'u1' };
      for (let i = 0; i < 4; i += 1) await limiter.check(request);
      expect((await limiter.check(request)).allowed).toBe(false);
      clock.now = new Date('2025-01-15T10:01:00Z');
      expect((await limiter.check(request)).allowed).toBe(true);
    });

    it('limits an IP across users (per-IP budget)', async () => {
      const { limiter } = limiterAt('2025-01-15T10:00:00Z');
      for (let i = 0; i < 5; i += 1)
        expect(
          (await limiter.check({ routeKey: 'GET /leads', sourceIp: '198.51.100.1', userId: `u${i}` }))
            .allowed,
        ).toBe(true);
      const verdict = await limiter.check({ routeKey: 'GET /leads', sourceIp: '198.51.100.1', userId: 'u9' });
      expect(verdict).toMatchObject({
        allowed: false,
        subject: 'ip:198.51.100.1',
        limit: 5,
        retryAfterSeconds: 60,
      });
    });

    it('gives login and signup the stricter per-IP budget, apart from the general one', async () => {
      const { limiter } = limiterAt('2025-01-15T10:00:30Z');
      const login = { routeKey: 'POST /auth/login', sourceIp: '192.0.2.9', userId: undefined };
      expect((await limiter.check(login)).allowed).toBe(true);
      expect((await limiter.check({ ...login, routeKey: 'POST /auth/signup' })).allowed).toBe(true);
      expect(await limiter.check(login)).toMatchObject({ allowed: false, subject: 'auth-ip:192.0.2.9' });
      expect((await limiter.check({ ...login, routeKey: 'GET /health' })).allowed).toBe(true);
    });

    it('lets counters expire one window after theirs ends', async () => {
      const { limiter, counter } = limiterAt('2025-01-15T10:00:30Z');
      await limiter.check({ routeKey: 'GET /health', sourceIp: '192.0.2.1', userId: undefined });
      const window = rateWindow(new Date('2025-01-15T10:00:30Z'), 60);
      expect(counter.expiries.get(`ip:192.0.2.1@${window.start}`)).toBe(window.end + 60);
    });
  });

  describe('Method: enforce', () => {
    it('throws 429 rate_limited with Retry-After', async () => {
      const { limiter } = limiterAt('2025-01-15T10:00:50Z');
      const request = { routeKey: 'POST /auth/login', sourceIp: '192.0.2.9', userId: undefined };
      await limiter.enforce(request);
      await limiter.enforce(request);
      const error = await limiter.enforce(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '10' } });
    });
  });
});

describe('Function: rulesFor', () => {
  it('counts anonymous requests per IP only and authenticated ones per IP and per user', () => {
    expect(
      rulesFor({ routeKey: 'GET /billing/plans', sourceIp: '1.2.3.4', userId: undefined }, policy),
    ).toEqual([{ subject: 'ip:1.2.3.4', limit: 5 }]);
    expect(rulesFor({ routeKey: 'GET /leads', sourceIp: '1.2.3.4', userId: 'u' }, policy)).toEqual([
      { subject: 'ip:1.2.3.4', limit: 5 },
      { subject: 'user:u', limit: 3 },
    ]);
  });
});

describe('Class: SubjectLimiter', () => {
  const budget = { name: 'login-account', limit: 2, windowSeconds: 900 };

  describe('Method: hit', () => {
    it('refuses past the budget with Retry-After until the window ends, then allows again', async () => {
      // Prepare
      const clock = { now: new Date('2026-03-01T10:00:00Z') };
      const limiter = new SubjectLimiter(new MemoryCounter(), budget, () => clock.now);
      // Act
      await limiter.hit('a');
      await limiter.hit('a');
      const refused = await limiter.hit('a').catch((error: unknown) => error);
      await limiter.hit('b');
      clock.now = new Date('2026-03-01T10:15:00Z');
      // Assess
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect((refused as RateLimitedError).headers).toEqual({ 'retry-after': '900' });
      await expect(limiter.hit('a')).resolves.toBeUndefined();
    });
  });

  describe('Method: check', () => {
    it('reads the count without adding to it', async () => {
      // Prepare
      const counter = new MemoryCounter();
      const limiter = new SubjectLimiter(counter, budget, () => new Date('2026-03-01T10:00:00Z'));
      // Act
      await limiter.check('a');
      await limiter.check('a');
      await limiter.hit('a');
      await limiter.hit('a');
      // Assess
      await expect(limiter.check('a')).rejects.toBeInstanceOf(RateLimitedError);
      expect([...counter.counts.values()]).toEqual([2]);
    });
  });
});
