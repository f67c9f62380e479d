import { CrmRequestError } from './ports';
import type { Sleep } from './rate-limiter';

export interface RetryPolicy {
  /** Attempts in one sync, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Total time one sync may spend waiting; a longer wait is left to the retry schedule. */
  budgetMs: number;
}

/** Full-jitter-free exponential backoff (deterministic): base, 2×base, 4×base… */
export const backoffMs = (policy: RetryPolicy, attempt: number) => policy.baseDelayMs * 2 ** attempt;

/**
 * Runs `call`, retrying retryable CRM errors with exponential backoff, or exactly the provider's Retry-After when
 * it gave one. Stops when the attempts or the waiting budget run out and rethrows the last error, whose
 * retryAfterMs then tells the schedule when to come back.
 */
export async function withRetry<T>(policy: RetryPolicy, sleep: Sleep, call: () => Promise<T>): Promise<T> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof CrmRequestError) || !error.retryable || attempt + 1 >= policy.maxAttempts)
        throw error;
      const wait = error.retryAfterMs ?? backoffMs(policy, attempt);
      if (waited + wait > policy.budgetMs) throw error;
      waited += wait;
      await sleep(wait);
    }
  }
}
