export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spaces calls per key (an Airtable base, a Notion connection, a spreadsheet) to at most `perSecond`: each
 * caller reserves the next free slot and waits for it, so concurrent syncs in one container queue up instead of
 * tripping the provider's 429. Providers still enforce their limits across containers; the retry handles that.
 */
export class RateLimiter {
  private readonly nextFree = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async acquire(key: string): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextFree.get(key) ?? 0);
    this.nextFree.set(key, slot + 1000 / this.perSecond);
    if (slot > now) await this.sleep(slot - now);
  }
}
