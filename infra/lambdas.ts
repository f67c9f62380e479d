import { AUTHORIZER_HANDLER, handlersOf, NOT_FOUND_HANDLER, routes } from './routes';
import { schedules } from './schedules';
import { workflowTasks } from './workflow';

/** The deferred-LinkedIn-jobs sweep (LinkedInStack): a plain Lambda beside the browser worker's image. */
export const LINKEDIN_RESUME_HANDLER = 'functions/schedules/linkedin-resume.ts';

/**
 * Every Node Lambda entry the CDK app deploys, from the manifests (routes, workflow tasks, schedules). The
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
    ]),
  ];
}
