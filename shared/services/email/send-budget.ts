import { rateWindow, secondsUntilReset } from '../../domain/rate-limit/fixed-window';
import { RateLimitedError } from '../../errors';
import type { RateCounter } from '../rate-limit/ports';

const HOUR = 3600;

/**
 * How many emails of one kind a subject (a user, a workspace) may make us send per hour, counted in fixed windows
 * like the API's rate limits. Every email costs our sender reputation, and each of these is triggered by a person:
 * the budget keeps a script from turning our address into a spam source. Unlike the API limiter it fails closed.
 */
export class SendBudget {
  constructor(
    private readonly counter: RateCounter,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async take(subject: string, perHour: number, what: string): Promise<void> {
    const now = this.now();
    const window = rateWindow(now, HOUR);
    const count = await this.counter.hit(subject, window.start, window.end + HOUR);
    if (count > perHour)
      throw new RateLimitedError(
        secondsUntilReset(now, window),
        `Too many ${what} in the last hour (at most ${perHour}); retry later.`,
      );
  }
}
