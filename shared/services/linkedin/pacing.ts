import type { Clock } from './ports';

export interface PacingSettings {
  pauseMinMs: number;
  pauseMaxMs: number;
  typingMinMs: number;
  typingMaxMs: number;
}

/**
 * Human-like pacing: a person reads a page before acting and types at an uneven speed. Delays are drawn
 * uniformly from configured ranges and slept through the injected clock, so tests can record them instead.
 */
export class Pacer {
  constructor(
    private readonly clock: Clock,
    private readonly settings: PacingSettings,
  ) {}

  private between(min: number, max: number): number {
    return Math.round(min + (Math.max(min, max) - min) * this.clock.random());
  }

  /** Before a meaningful action (opening a thread, clicking send). */
  pause(): Promise<void> {
    return this.clock.sleep(this.between(this.settings.pauseMinMs, this.settings.pauseMaxMs));
  }

  /** Between two typed characters. */
  keystroke(): Promise<void> {
    return this.clock.sleep(this.between(this.settings.typingMinMs, this.settings.typingMaxMs));
  }
}
