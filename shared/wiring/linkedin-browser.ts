import { stageTable } from '../adapters/dynamo/client';
import { DynamoSendRecordStore } from '../adapters/dynamo/send-record-store';
import { BrowserPool } from '../adapters/linkedin/browser-pool';
import { PlaywrightLinkedIn } from '../adapters/linkedin/playwright-linkedin';
import { config } from '../config';
import { parseWorkingHours } from '../domain/linkedin/working-hours';
import { HandoffCompletion } from '../services/engine/handoff-completion';
import { LinkedInJobProcessor } from '../services/linkedin/linkedin-processor';
import { Pacer } from '../services/linkedin/pacing';
import { accountHealthService } from './account-health';
import { built } from './container';
import { linkedInClock, linkedInService, linkedInStores, workspaceTimeZone } from './linkedin';
import { quotaService } from './quota';
import { webhookEvents } from './webhooks';

/**
 * The browser side of LinkedIn: one browser per process, reused across warm invocations. The one resource the
 * composition keeps outside `built`: the local stage closes it when it stops (closeLinkedInBrowser), whichever
 * handler launched it.
 */
let pool: BrowserPool | undefined;

export function browserPool(): BrowserPool {
  pool ??= new BrowserPool({ chromiumPath: config().CHROMIUM_PATH });
  return pool;
}

export function linkedInProcessor(): LinkedInJobProcessor {
  return built(linkedInProcessor, (c) => {
    const clock = linkedInClock();
    const pacer = new Pacer(clock, {
      pauseMinMs: c.LINKEDIN_PAUSE_MIN_MS,
      pauseMaxMs: c.LINKEDIN_PAUSE_MAX_MS,
      typingMinMs: c.LINKEDIN_TYPING_MIN_MS,
      typingMaxMs: c.LINKEDIN_TYPING_MAX_MS,
    });
    const browser = new PlaywrightLinkedIn(browserPool(), pacer, {
      baseUrl: c.LINKEDIN_URL,
      navigationTimeoutMs: c.LINKEDIN_NAVIGATION_TIMEOUT_MS,
    });
    const service = linkedInService();
    return new LinkedInJobProcessor({
      ...linkedInStores(),
      health: accountHealthService(),
      browser,
      openCredentials: (account) => service.openCredentials(account),
      timeZoneOf: workspaceTimeZone,
      clock,
      handoffs: new HandoffCompletion(
        new DynamoSendRecordStore(stageTable),
        quotaService(),
        () => clock.now(),
        webhookEvents(),
      ),
      releaseDm: (workspaceId, day) => quotaService().releaseDm(workspaceId, day),
      settings: {
        dailyMessageLimit: c.LINKEDIN_DAILY_MESSAGE_LIMIT,
        workingHours: parseWorkingHours(c.LINKEDIN_WORKING_HOURS),
        leaseSeconds: c.LINKEDIN_LEASE_SECONDS,
        syncConversations: c.LINKEDIN_SYNC_CONVERSATIONS,
        pageAttempts: 3,
        backoffMs: 2000,
        maxReceives: 5,
      },
    });
  });
}

/** Closes the browser (local stage shutdown); the next job launches a new one. */
export async function closeLinkedInBrowser(): Promise<void> {
  await pool?.close();
}
