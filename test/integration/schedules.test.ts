import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedules } from '../../infra/schedules';
import { startTestStage, type TestStage } from '../support/stage';

let stage: TestStage;
beforeAll(async () => {
  stage = await startTestStage({ env: { FLOWIA_SCHEDULE_SPEEDUP: '60' } });
});
afterAll(() => stage.stop());

describe('Local stage: schedules', () => {
  it('puts every manifest entry on a timer, sped up by FLOWIA_SCHEDULE_SPEEDUP', async () => {
    const response = await stage.api.get('/_local/schedules');

    expect(response.status).toBe(200);
    const byName = Object.fromEntries(
      response.body.items.map((s: { name: string; everyMs: number }) => [s.name, s.everyMs]),
    );
    for (const entry of schedules) expect(byName[entry.name]).toBe(entry.everyMinutes * 1000);
  });

  it('runs a job now over HTTP with the entry’s input, through the real handler module', async () => {
    // No TikTok keys on this stage: the collector reports nothing to do instead of failing.
    const run = await stage.api.post('/_local/schedules/collect-tiktok/run');

    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      name: 'collect-tiktok',
      trigger: 'manual',
      ok: true,
      result: { provider: 'tiktok', accounts: 0, published: 0 },
    });
    const refresh = await stage.api.post('/_local/schedules/refresh-tokens/run');
    expect(refresh.body).toMatchObject({ ok: true, result: { checked: 0, refreshed: 0 } });
  });
});
