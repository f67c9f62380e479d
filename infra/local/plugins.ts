import { linkedInPlugin } from './linkedin-plugin';
import type { LocalPlugin } from './plugin';
import { schedulesPlugin } from './schedules-plugin';
import { developerConsolePlugin } from './simulation/console';
import { simulatedWorld } from './simulation/world';
import { workflowPlugin } from './workflow-plugin';

/**
 * The local stage's plugins, in start order: the simulated world first (the fakes set the env the handlers
 * read), then the runtimes (queues + workflow, the LinkedIn browser worker), the schedules that feed them, and
 * the developer console. They stop in reverse order: console and timers first, then queued work drains, then the
 * store closes.
 */
export const plugins: LocalPlugin[] = [
  simulatedWorld(),
  workflowPlugin(),
  linkedInPlugin(),
  schedulesPlugin,
  developerConsolePlugin(),
];
