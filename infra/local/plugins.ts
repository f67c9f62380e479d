import { linkedInPlugin } from './linkedin-plugin';
import type { LocalPlugin } from './plugin';
import { developerConsolePlugin } from './simulation/console';
import { simulatedWorld } from './simulation/world';
import { workflowPlugin } from './workflow-plugin';

/**
 * The local stage's plugins, in start order: the simulated world first (the fakes set the env the handlers
 * read), then the runtimes (queues + workflow, the LinkedIn browser worker), then the developer console. They
 * stop in reverse order, so queued work drains before the store closes.
 */
export const plugins: LocalPlugin[] = [
  simulatedWorld(),
  workflowPlugin(),
  linkedInPlugin(),
  developerConsolePlugin(),
];
