import type { ServerResponse } from 'node:http';
import { logger } from '../../shared/observability/logger';
import { schedules as manifest, type ScheduleDefinition } from '../schedules';
import { loadHandler } from './handlers';
import { lambdaContext } from './lambda-context';
import type { LocalPlugin } from './plugin';

/**
 * EventBridge Scheduler, locally: every entry of infra/schedules.ts runs on a timer, invoking the same handler
 * module with the entry's input as the event. FLOWIA_SCHEDULE_SPEEDUP=60 turns "every 5 minutes" into every
 * 5 seconds for demos. A job never overlaps itself (a tick that finds the previous run still going is skipped,
 * as a single-concurrency Lambda would throttle it), and stop() clears the timers and waits for running jobs.
 *
 * Tests and other plugins trigger a job at once with `runScheduleNow(name)` (or POST /_local/schedules/<name>/run
 * on the stage); timers are injectable so a test can fire a tick deterministically.
 */
export interface ScheduleTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ScheduleRun {
  name: string;
  trigger: 'timer' | 'manual';
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface ScheduleStatus {
  name: string;
  everyMs: number;
  running: boolean;
  runs: number;
  skippedOverlaps: number;
  lastRun: ScheduleRun | null;
}

export interface SchedulesPluginOptions {
  schedules?: ScheduleDefinition[];
  timers?: ScheduleTimers;
  /** Overrides FLOWIA_SCHEDULE_SPEEDUP. */
  speedup?: number;
  /** Overrides how an entry is invoked (default: import its handler module and call `handler(input, context)`). */
  invoke?: (entry: ScheduleDefinition) => Promise<unknown>;
}

class ScheduleRunner {
  running: Promise<ScheduleRun> | undefined;
  runs = 0;
  skippedOverlaps = 0;
  lastRun: ScheduleRun | null = null;

  constructor(
    readonly entry: ScheduleDefinition,
    readonly everyMs: number,
    private readonly invoke: (entry: ScheduleDefinition) => Promise<unknown>,
  ) {}

  tick(): void {
    if (this.running) {
      this.skippedOverlaps += 1;
      return;
    }
    void this.start('timer');
  }

  /** Runs now; if a run is in flight, waits for it first so the caller's run sees the latest state. */
  async runNow(): Promise<ScheduleRun> {
    while (this.running) await this.running;
    return this.start('manual');
  }

  private start(trigger: ScheduleRun['trigger']): Promise<ScheduleRun> {
    const startedAt = new Date().toISOString();
    const run = this.invoke(this.entry).then(
      (result): ScheduleRun => ({
        name: this.entry.name,
        trigger,
        startedAt,
        finishedAt: new Date().toISOString(),
        ok: true,
        result,
      }),
      (error: unknown): ScheduleRun => {
        logger.error('local stage: schedule failed', { schedule: this.entry.name, error: error as Error });
        return {
          name: this.entry.name,
          trigger,
          startedAt,
          finishedAt: new Date().toISOString(),
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        };
      },
    );
    this.running = run.then((finished) => {
      this.runs += 1;
      this.lastRun = finished;
      this.running = undefined;
      return finished;
    });
    return this.running;
  }

  status(): ScheduleStatus {
    return {
      name: this.entry.name,
      everyMs: this.everyMs,
      running: this.running !== undefined,
      runs: this.runs,
      skippedOverlaps: this.skippedOverlaps,
      lastRun: this.lastRun,
    };
  }
}

/** The schedules of the stage running in this process, while its plugin runs. */
const active = new Map<string, ScheduleRunner>();

/** Runs a schedule of the running local stage now and resolves with the run (result or error). */
export async function runScheduleNow(name: string): Promise<ScheduleRun> {
  const runner = active.get(name);
  if (!runner) throw new Error(`No schedule named ${name} is running (is the schedules plugin started?)`);
  return runner.runNow();
}

export function scheduleStatus(): ScheduleStatus[] {
  return [...active.values()].map((runner) => runner.status());
}

const invokeHandler = async (entry: ScheduleDefinition) => {
  const handler = await loadHandler<(event: unknown, context: unknown) => Promise<unknown>>(
    entry.handler,
    entry.needs,
  );
  return handler({ ...entry.input }, lambdaContext(entry.name, entry.timeoutSeconds));
};

export function createSchedulesPlugin(options: SchedulesPluginOptions = {}): LocalPlugin {
  return {
    name: 'schedules',
    start(context) {
      const list = options.schedules ?? manifest;
      const timers: ScheduleTimers = options.timers ?? {
        setInterval: (callback, ms) => setInterval(callback, ms).unref(),
        clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
      };
      const speedup = options.speedup ?? Number(context.env('FLOWIA_SCHEDULE_SPEEDUP') ?? 1);
      const factor = Number.isFinite(speedup) && speedup > 0 ? speedup : 1;
      const handles: unknown[] = [];
      const mine: ScheduleRunner[] = [];
      for (const entry of list) {
        const everyMs = Math.max(1, Math.round((entry.everyMinutes * 60_000) / factor));
        const runner = new ScheduleRunner(entry, everyMs, options.invoke ?? invokeHandler);
        active.set(entry.name, runner);
        mine.push(runner);
        handles.push(timers.setInterval(() => runner.tick(), everyMs));
        context.addRoute({
          method: 'POST',
          path: `/_local/schedules/${entry.name}/run`,
          handle: async (_request, response) => sendJson(response, 200, await runner.runNow()),
        });
      }
      context.addRoute({
        method: 'GET',
        path: '/_local/schedules',
        handle: (_request, response) => sendJson(response, 200, { items: scheduleStatus() }),
      });
      return {
        banner: `Schedules: ${list.length} job(s) on timers${factor === 1 ? '' : ` (×${factor} speed-up)`}; POST /_local/schedules/<name>/run runs one now`,
        async stop() {
          for (const handle of handles) timers.clearInterval(handle);
          await Promise.all(mine.map((runner) => runner.running));
          for (const runner of mine)
            if (active.get(runner.entry.name) === runner) active.delete(runner.entry.name);
        },
      };
    },
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export const schedulesPlugin = createSchedulesPlugin();
