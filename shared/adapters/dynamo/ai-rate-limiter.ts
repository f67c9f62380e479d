import type { AiRateLimiter } from '../../services/ai/ports';
import type { DynamoTable } from './client';
import { addWithin } from './counters';
import type { ItemKey } from './keys';
import * as keys from './keys';

export interface AiRateLimits {
  perWorkspace: number;
  global: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in DynamoDB, so the limit holds across every concurrent Lambda: one conditional
 * `ADD count 1 IF count < limit` per window, no read-then-write race. The workspace counter is taken first
 * (a noisy workspace is refused without touching the shared one), then the global one.
 */
export class DynamoAiRateLimiter implements AiRateLimiter {
  constructor(
    private readonly table: DynamoTable,
    private readonly limits: AiRateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async tryAcquire(workspaceId: string): Promise<boolean> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const windowStart = nowSeconds - (nowSeconds % this.limits.windowSeconds);
    const expires = windowStart + this.limits.windowSeconds * 2;
    if (!(await this.consume(keys.aiRateWindow(workspaceId, windowStart), this.limits.perWorkspace, expires)))
      return false;
    return this.consume(keys.aiGlobalRateWindow(windowStart), this.limits.global, expires);
  }

  private async consume(key: ItemKey, limit: number, expires: number): Promise<boolean> {
    return (await addWithin(this.table, key, 1, limit, expires)) !== undefined;
  }
}
