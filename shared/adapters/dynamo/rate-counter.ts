import type { RateCounter } from '../../services/rate-limit/ports';
import { addWithin } from './counters';
import { keys } from './keys';

/**
 * One unconditional ADD per subject and request (counters.ts, without a limit): no read, a tiny item that TTL
 * removes after its window; the new count comes back, so the caller decides without a second call.
 */
export class DynamoRateCounter implements RateCounter {
  async hit(subject: string, windowStart: number, expiresAt: number): Promise<number> {
    return (await addWithin(keys.rateWindow(subject, windowStart), 1, null, expiresAt)) ?? 0;
  }
}
