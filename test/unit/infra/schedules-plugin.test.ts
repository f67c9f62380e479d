import { describe, expect, it } from 'vitest';
import type { LocalStageContext } from '../../../infra/local/plugin';
import {
  createSchedulesPlugin,
  runScheduleNow,
  type ScheduleTimers,
  scheduleStatus,
} from '../../../infra/local/schedules-plugin';
import type { ScheduleDefinition } from '../../../infra/schedules';

/** Timers the test fires by hand: no waiting on the wall clock. */
function manualTimers() {
  const intervals = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: ScheduleTimers = {
    setInterval: (callback, ms) => {
      next += 1;
      intervals.set(next, { callback, ms });
      return next;
    },
    clearInterval: (handle) => {
      intervals.delete(handle as number);
    },
  };
  const fireAll = () => {
    for (const interval of [...intervals.values()]) interval.callback();
  };
  return { timers, intervals, fireAll };
}

function deferred() {
  let resolve!: (value: unknown) => void;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const context = (env: Record<string, string> = {}): LocalStageContext => ({
  dataDir: undefined,
  setEnv: () => undefined,
  env: (name) => env[name],
  addRoute: () => undefined,
  baseUrl: 'http://127.0.0.1:0',
});

const job = (name: string, everyMinutes = 5): ScheduleDefinition => ({
  name,
  description: name,
  handler: 'unused.ts',
  needs: {},
  everyMinutes,
  input: { provider: 'tiktok' },
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setImmediate(r));
  if (!check()) throw new Error('condition not reached');
}

describe('Class: SchedulesPlugin', () => {
  it('runs each job on its timer with the entry’s input, at the sped-up period', async () => {
    // Prepare
    const { timers, intervals, fireAll } = manualTimers();
    const inputs: unknown[] = [];
    const plugin = createSchedulesPlugin({
      schedules: [job('unit-collect', 5)],
      timers,
      invoke: async (entry) => {
        inputs.push(entry.input);
        return { collected: 3 };
      },
    });
    const running = await plugin.start(context({ FLOWIA_SCHEDULE_SPEEDUP: '60' }));

    // Act
    fireAll();
    await until(() => scheduleStatus().find((s) => s.name === 'unit-collect')?.runs === 1);

    // Assess
    expect([...intervals.values()].map((i) => i.ms)).toEqual([5_000]);
    expect(inputs).toEqual([{ provider: 'tiktok' }]);
    expect(scheduleStatus().find((s) => s.name === 'unit-collect')?.lastRun).toMatchObject({
      trigger: 'timer',
      ok: true,
      result: { collected: 3 },
    });
    await running?.stop?.();
    expect(intervals.size).toBe(0);
  });

  it('never overlaps runs of the same job, and stop() waits for the running one', async () => {
    const { timers, fireAll } = manualTimers();
    const gate = deferred();
    let started = 0;
    const plugin = createSchedulesPlugin({
      schedules: [job('unit-slow')],
      timers,
      invoke: async () => {
        started += 1;
        await gate.promise;
        return 'done';
      },
    });
    const running = await plugin.start(context());

    fireAll();
    fireAll();
    fireAll();
    expect(started).toBe(1);
    expect(scheduleStatus().find((s) => s.name === 'unit-slow')).toMatchObject({
      running: true,
      skippedOverlaps: 2,
    });

    let stopped = false;
    const stopping = running?.stop?.().then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    gate.resolve(undefined);
    await stopping;
    expect(stopped).toBe(true);
    expect(scheduleStatus().some((s) => s.name === 'unit-slow')).toBe(false);
  });

  it('runs a job now on request, after any run in flight, and reports a failing job without throwing', async () => {
    const { timers, fireAll } = manualTimers();
    const gate = deferred();
    const order: string[] = [];
    let calls = 0;
    const plugin = createSchedulesPlugin({
      schedules: [job('unit-manual')],
      timers,
      invoke: async () => {
        calls += 1;
        if (calls === 1) {
          order.push('timer-start');
          await gate.promise;
          order.push('timer-end');
          return 'timer';
        }
        order.push('manual');
        throw new Error('provider down');
      },
    });
    const running = await plugin.start(context());
    fireAll();

    const manual = runScheduleNow('unit-manual');
    gate.resolve(undefined);
    const result = await manual;

    expect(order).toEqual(['timer-start', 'timer-end', 'manual']);
    expect(result).toMatchObject({ trigger: 'manual', ok: false, error: 'provider down' });
    await running?.stop?.();
    await expect(runScheduleNow('unit-manual')).rejects.toThrow(/No schedule named unit-manual/);
  });
});
