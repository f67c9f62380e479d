import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynalite } from '../../infra/local/dynamo';
import { resetDynamo, stageTable } from '../../shared/adapters/dynamo/client';
import { DynamoQuotaStore } from '../../shared/adapters/dynamo/quota-store';
import { resetConfig } from '../../shared/config';
import { QuotaService } from '../../shared/services/quota/quota-service';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite(undefined);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = 'quota-test';
  resetConfig();
  resetDynamo();
  await ensureTable(dynamo.endpoint, 'quota-test');
});
afterAll(async () => {
  resetDynamo();
  await dynamo.stop();
});

// Noon in Paris on a fixed day: the quota day is '2025-06-10' whatever the machine's clock says.
const clock = () => new Date('2025-06-10T10:00:00Z');
const service = () => new QuotaService(new DynamoQuotaStore(stageTable), clock);
let counter = 0;
const workspace = (plan: string) => {
  counter += 1;
  return { id: `ws-quota-${counter}`, plan, timezone: 'Europe/Paris' };
};

describe('Class: QuotaService (DynamoDB conditional ADD, on dynalite)', () => {
  it('lets exactly 10 of 50 concurrent Freemium DMs through', async () => {
    const ws = workspace('freemium');
    const results = await Promise.all(Array.from({ length: 50 }, () => service().consumeDm(ws)));
    const allowed = results.filter((r) => r.allowed);
    expect(allowed).toHaveLength(10);
    // Each allowed DM got its own slot: the counts 1..10, each exactly once.
    expect(allowed.map((r) => (r.allowed ? r.used : 0)).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(results.find((r) => !r.allowed)).toEqual({ allowed: false, day: '2025-06-10', limit: 10 });
    expect(await service().usage(ws)).toEqual({
      plan: 'freemium',
      dmLimitPerDay: 10,
      dmSentToday: 10,
      resetsAt: '2025-06-10T22:00:00.000Z',
    });
  });

  it('never limits Ultra', async () => {
    const ws = workspace('ultra');
    const results = await Promise.all(Array.from({ length: 50 }, () => service().consumeDm(ws)));
    expect(results.every((r) => r.allowed)).toBe(true);
    expect(await service().usage(ws)).toMatchObject({ plan: 'ultra', dmLimitPerDay: null, dmSentToday: 50 });
  });

  it('gives Premium 100 a day', async () => {
    const ws = workspace('premium');
    const results = await Promise.all(Array.from({ length: 110 }, () => service().consumeDm(ws)));
    expect(results.filter((r) => r.allowed)).toHaveLength(100);
  });

  it('gives a unit back on release, so one more DM fits, and never goes below zero', async () => {
    const ws = workspace('freemium');
    for (let i = 0; i < 10; i += 1) await service().consumeDm(ws);
    expect((await service().consumeDm(ws)).allowed).toBe(false);
    await service().releaseDm(ws.id, '2025-06-10');
    expect((await service().usage(ws)).dmSentToday).toBe(9);
    expect(await service().consumeDm(ws)).toEqual({ allowed: true, day: '2025-06-10', used: 10 });

    const fresh = workspace('freemium');
    await service().releaseDm(fresh.id, '2025-06-10');
    expect((await service().usage(fresh)).dmSentToday).toBe(0);
  });

  it('starts a new count on the next Paris day', async () => {
    const ws = workspace('freemium');
    for (let i = 0; i < 10; i += 1) await service().consumeDm(ws);
    const tomorrow = new QuotaService(
      new DynamoQuotaStore(stageTable),
      () => new Date('2025-06-10T22:00:00Z'),
    );
    expect(await tomorrow.consumeDm(ws)).toEqual({ allowed: true, day: '2025-06-11', used: 1 });
  });
});
