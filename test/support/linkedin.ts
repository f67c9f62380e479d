import { linkedInPlugin } from '../../infra/local/linkedin-plugin';
import { workflowPlugin } from '../../infra/local/workflow-plugin';
import type { Clock } from '../../shared/services/linkedin/ports';
import { startFakeLinkedInSite } from '../../simulation/linkedin-site';
import { startTestStage } from './stage';

/**
 * A local stage whose browser worker drives the fake LinkedIn site with the given clock. Jobs of one account
 * contending for its lease are redelivered quickly and often (SQS would wait minutes); the deferred-jobs sweep
 * stays out of the way. `withWorkflow` adds the message-processing workflow for end-to-end tests.
 */
export async function startLinkedInStage(
  clock: Clock,
  options: { env?: Record<string, string>; withWorkflow?: boolean; siteNow?: () => Date } = {},
) {
  // One clock for the worker and the site by default: the site stamps messages with the time the test pins.
  // `siteNow` lets a test derive LinkedIn's clock from the worker's (a skew), never from the real time.
  const site = await startFakeLinkedInSite({ now: options.siteNow ?? clock.now });
  const stage = await startTestStage({
    env: { LINKEDIN_URL: site.url, LINKEDIN_NAVIGATION_TIMEOUT_MS: '20000', ...options.env },
    plugins: [
      ...(options.withWorkflow ? [workflowPlugin()] : []),
      linkedInPlugin({ clock, redeliveryDelayMs: 100, maxReceives: 100, resumeEveryMs: 3_600_000 }),
    ],
  });
  return {
    site,
    stage,
    async stop() {
      await stage.stop();
      await site.stop();
    },
  };
}
