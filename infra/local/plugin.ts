import type { LocalRoute } from './http-server';

/**
 * A piece of the local stage (queues + workflow, schedules, simulated providers, developer console…).
 * Plugins start in order after the table exists and before the HTTP server listens, and stop in reverse order,
 * so queued work drains before the data store closes.
 */
export interface LocalPlugin {
  name: string;
  start(context: LocalStageContext): Promise<RunningPlugin | undefined> | RunningPlugin | undefined;
}

export interface RunningPlugin {
  stop?(): Promise<void>;
  /** The plugin's lines of the start-up banner (one, or one per thing it runs). */
  banner?: string | string[];
}

export interface LocalStageContext {
  dataDir: string | undefined;
  /** Sets an environment variable for every handler (and resets the parsed config). */
  setEnv(name: string, value: string): void;
  env(name: string): string | undefined;
  /** Extra local-only HTTP routes (console pages, fake provider UIs). */
  addRoute(route: LocalRoute): void;
  /** The base URL the stage will listen on, known before plugins start. */
  baseUrl: string;
}
