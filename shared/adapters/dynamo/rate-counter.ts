import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RateCounter } from '../../services/rate-limit/ports';
import type { DynamoTable } from './client';
import { addWithin } from './counters';
import * as keys from './keys';

/**
 * One unconditional ADD per subject and request (counters.ts, without a limit): no read, a tiny item that TTL
 * removes after its window; the new count comes back, so the caller decides without a second call.
 */
export class DynamoRateCounter implements RateCounter {
  constructor(private readonly table: DynamoTable) {}

  async hit(subject: string, windowStart: number, expiresAt: number): Promise<number> {
    return (await addWithin(this.table, keys.rateWindow(subject, windowStart), 1, null, expiresAt)) ?? 0;
  }

  async count(subject: string, windowStart: number): Promise<number> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.rateWindow(subject, windowStart) }),
    );
    return Number(Item?.count ?? 0);
  }
}
