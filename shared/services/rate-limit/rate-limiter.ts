import {
  type RateLimitPolicy,
  rateWindow,
  rulesFor,
  secondsUntilReset,
} from '../../domain/rate-limit/fixed-window';
import { RateLimitedError } from '../../errors';
import type { RateCounter } from './ports';

export interface RateLimitedRequest {
  routeKey: string;
  sourceIp: string;
  userId: string | undefined;
}

export type RateLimitVerdict =
  | { allowed: true }
  | { allowed: false; subject: string; limit: number; retryAfterSeconds: number };

/** Per-user and per-IP request budgets, counted in fixed windows. The clock is injected so tests pick the window. */
export class RateLimiter {
  constructor(
    private readonly counter: RateCounter,
    private readonly policy: RateLimitPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(request: RateLimitedRequest): Promise<RateLimitVerdict> {
    const now = this.now();
    const window = rateWindow(now, this.policy.windowSeconds);
    // Keep the counter one extra window so a late writer never recreates an expired one in its own window.
    const expiresAt = window.end + this.policy.windowSeconds;
    const rules = rulesFor(request, this.policy);
    // The counters are independent: count them in parallel so the guard adds one round trip, not two.
    const counts = await Promise.all(
      rules.map((rule) => this.counter.hit(rule.subject, window.start, expiresAt)),
    );
    const exceeded = rules.find((rule, i) => (counts[i] ?? 0) > rule.limit);
    if (!exceeded) return { allowed: true };
    return {
      allowed: false,
      subject: exceeded.subject,
      limit: exceeded.limit,
      retryAfterSeconds: secondsUntilReset(now, window),
    };
  }

  /** check(), throwing the contract's 429 rate_limited with Retry-After when a budget is spent. */
  async enforce(request: RateLimitedRequest): Promise<void> {
    const verdict = await this.check(request);
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
  }
}
