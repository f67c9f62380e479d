import { internalFunctions } from './internal-functions';
import { queueConsumers } from './queues';
import { mergeNeeds, type ResourceNeeds } from './resource-needs';
import {
  AUTHORIZER_HANDLER,
  AUTHORIZER_NEEDS,
  handlersOf,
  NOT_FOUND_HANDLER,
  NOT_FOUND_NEEDS,
  routes,
} from './routes';
import { schedules } from './schedules';
import { workflowTasks } from './workflow';

/** The deferred-LinkedIn-jobs sweep (LinkedInStack): a plain Lambda beside the browser worker's image. */
export const LINKEDIN_RESUME_HANDLER = queueConsumers.linkedInResume.handler;

/**
 * Every Node Lambda entry the CDK app deploys, from the manifests (routes, workflow tasks, schedules, internal
 * functions). The
 * LinkedIn browser worker is a container image, bundled by its Dockerfile.
 */
export function nodeLambdaEntries(): string[] {
  return [
    ...new Set([
      ...handlersOf(routes.filter((route) => !route.localOnly)).keys(),
      AUTHORIZER_HANDLER,
      NOT_FOUND_HANDLER,
      ...workflowTasks.map((task) => task.handler),
      ...schedules.map((schedule) => schedule.handler),
      LINKEDIN_RESUME_HANDLER,
      ...Object.values(internalFunctions).map((fn) => fn.handler),
    ]),
  ];
}

/**
 * Every handler the two runtimes run (the LinkedIn worker and the local-only routes included), with what its code
 * uses: the union of its manifest entries' declarations. The local stage and the reach test read this.
 */
export function handlerNeeds(): Map<string, ResourceNeeds> {
  const declared = new Map<string, ResourceNeeds[]>();
  const add = (handler: string, needs: ResourceNeeds) =>
    declared.set(handler, [...(declared.get(handler) ?? []), needs]);
  for (const route of routes) add(route.handler, route.needs);
  add(AUTHORIZER_HANDLER, AUTHORIZER_NEEDS);
  add(NOT_FOUND_HANDLER, NOT_FOUND_NEEDS);
  for (const task of workflowTasks) add(task.handler, task.needs);
  for (const schedule of schedules) add(schedule.handler, schedule.needs);
  for (const consumer of Object.values(queueConsumers)) add(consumer.handler, consumer.needs);
  for (const fn of Object.values(internalFunctions)) add(fn.handler, fn.needs);
  return new Map([...declared].map(([handler, list]) => [handler, mergeNeeds(list)]));
}
