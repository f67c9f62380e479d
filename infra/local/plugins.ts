import { linkedInPlugin } from './linkedin-plugin';
import { metaSimulation } from './meta-simulation';
import type { LocalPlugin } from './plugin';
import { schedulesPlugin } from './schedules-plugin';
import { stripePlugin } from './stripe-plugin';
import { workflowPlugin } from './workflow-plugin';

/**
 * The local stage's plugins, in start order: simulated providers first (they set the env the handlers read),
 * then the runtimes (queues + workflow, the LinkedIn browser worker), then the schedules that feed them. They stop
 * in reverse order: timers first, then queued work drains, then the store closes.
 */
export const plugins: LocalPlugin[] = [
  metaSimulation,
  stripePlugin,
  workflowPlugin(),
  linkedInPlugin(),
  schedulesPlugin,
];
