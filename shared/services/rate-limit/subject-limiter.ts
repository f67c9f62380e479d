import { rateWindow, secondsUntilReset } from '../../domain/rate-limit/fixed-window';
import { RateLimitedError } from '../../errors';
import type { RateCounter } from './ports';

export interface SubjectBudget {
  /** Counter namespace, e.g. `login-account`, `export-ws`, `webhook-reject-ip`. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/**
 * One budget for one kind of subject (an account being logged into, a workspace exporting, an IP sending bad
 * webhooks), counted in fixed windows like the API limiter. `hit` counts and refuses past the limit; `check`
 * only reads, for callers that count something else than the requests they refuse (see the webhook guard).
 */
export class SubjectLimiter {
  constructor(
    private readonly counter: RateCounter,
    private readonly budget: SubjectBudget,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts one for `subject`; throws 429 rate_limited (Retry-After) once the window's budget is spent. */
  async hit(subject: string, message?: string): Promise<void> {
    const now = this.now();
    const window = rateWindow(now, this.budget.windowSeconds);
    const count = await this.counter.hit(
      `${this.budget.name}:${subject}`,
      window.start,
      window.end + this.budget.windowSeconds,
    );
    if (count > this.budget.limit) throw new RateLimitedError(secondsUntilReset(now, window), message);
  }

  /** Throws 429 if `subject` has already spent this window's budget; counts nothing. */
  async check(subject: string, message?: string): Promise<void> {
    const now = this.now();
    const window = rateWindow(now, this.budget.windowSeconds);
    const count = await this.counter.count(`${this.budget.name}:${subject}`, window.start);
    if (count >= this.budget.limit) throw new RateLimitedError(secondsUntilReset(now, window), message);
  }
}
