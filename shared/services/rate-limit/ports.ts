export interface RateCounter {
  /**
   * Adds one hit to the subject's counter for the window starting at `windowStart` and returns the new count.
   * `expiresAt` (epoch seconds) lets the store drop the counter once the window is over.
   */
  hit(subject: string, windowStart: number, expiresAt: number): Promise<number>;
  /** The subject's count in that window (0 when none), without counting. */
  count(subject: string, windowStart: number): Promise<number>;
}
