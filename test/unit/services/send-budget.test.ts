import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../shared/errors';
import { SendBudget } from '../../../shared/services/email/send-budget';
import type { RateCounter } from '../../../shared/services/rate-limit/ports';

/** The counter port in memory: one count per (subject, window). */
function memoryCounter(): RateCounter & { expiries: number[] } {
  const counts = new Map<string, number>();
  const expiries: number[] = [];
  return {
    expiries,
    async hit(subject, windowStart, expiresAt) {
      const key = `${subject}|${windowStart}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      expiries.push(expiresAt);
      return counts.get(key)!;
    },
    async count(subject, windowStart) {
      return counts.get(`${subject}|${windowStart}`) ?? 0;
    },
  };
}

describe('Class: SendBudget', () => {
  describe('Method: take', () => {
    it('allows perHour sends per subject in an hour, then 429 with the seconds to the next hour', async () => {
      // Prepare
      let now = new Date('2026-11-25T10:59:00.000Z');
      const budget = new SendBudget(memoryCounter(), () => now);

      // Act
      await budget.take('verify-email:u1', 2, 'verification emails');
      await budget.take('verify-email:u1', 2, 'verification emails');
      const third = budget.take('verify-email:u1', 2, 'verification emails');

      // Assess
      await expect(third).rejects.toBeInstanceOf(RateLimitedError);
      await expect(third).rejects.toMatchObject({ headers: { 'retry-after': '60' } });
      await expect(budget.take('verify-email:u2', 2, 'verification emails')).resolves.toBeUndefined();
      now = new Date('2026-11-25T11:00:00.000Z');
      await expect(budget.take('verify-email:u1', 2, 'verification emails')).resolves.toBeUndefined();
    });

    it('lets the counter expire one hour after its window closed', async () => {
      const counter = memoryCounter();
      await new SendBudget(counter, () => new Date('2026-11-25T10:30:00.000Z')).take('s', 1, 'emails');
      expect(counter.expiries).toEqual([Date.parse('2026-11-25T12:00:00.000Z') / 1000]);
    });
  });
});
