import { stageTable } from '../adapters/dynamo/client';
import { DynamoLinkedInGuardStore } from '../adapters/dynamo/linkedin-guard-store';
import { DynamoLinkedInInboxStore } from '../adapters/dynamo/linkedin-inbox-store';
import { DynamoLinkedInJobStore } from '../adapters/dynamo/linkedin-job-store';
import { DynamoLinkedInTermsStore } from '../adapters/dynamo/linkedin-terms-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { LinkedInProvider } from '../adapters/linkedin/linkedin-provider';
import { DEFAULT_TIMEZONE } from '../domain/workspaces/timezone';
import { LinkedInService } from '../services/linkedin/linkedin-service';
import { type Clock, systemClock } from '../services/linkedin/ports';
import { built } from './container';
import { queuePublisher } from './queues';
import { dmAllowance } from './quota';
import { socialAccountStore } from './social-accounts';
import { tokenVault } from './vault';

/**
 * LinkedIn's composition root for everything that runs without a browser (API handlers, the workflow's
 * provider, the resume sweep). The browser side lives in linkedin-browser.ts so API bundles never pull in
 * playwright-core.
 */
let clock: Clock = systemClock;

/** The clock every LinkedIn piece is built with: the system's, or the one the local stage's plugin configured. */
const linkedInTime: Clock = {
  now: () => clock.now(),
  sleep: (ms) => clock.sleep(ms),
  random: () => clock.random(),
};

/** The stores the LinkedIn service and the browser worker share. */
export interface LinkedInStores {
  accounts: ReturnType<typeof socialAccountStore>;
  jobs: DynamoLinkedInJobStore;
  inbox: DynamoLinkedInInboxStore;
  guard: DynamoLinkedInGuardStore;
}

export function linkedInStores(): LinkedInStores {
  return built(linkedInStores, () => ({
    accounts: socialAccountStore(),
    jobs: new DynamoLinkedInJobStore(stageTable),
    inbox: new DynamoLinkedInInboxStore(stageTable),
    guard: new DynamoLinkedInGuardStore(stageTable),
  }));
}

function workspaces(): DynamoWorkspaceStore {
  return built(workspaces, () => new DynamoWorkspaceStore(stageTable));
}

export async function workspaceTimeZone(workspaceId: string): Promise<string> {
  return (await workspaces().getWorkspace(workspaceId))?.timezone ?? DEFAULT_TIMEZONE;
}

async function workspacePlan(workspaceId: string): Promise<string | undefined> {
  return (await workspaces().getWorkspace(workspaceId))?.plan;
}

export function linkedInService(): LinkedInService {
  return built(
    linkedInService,
    (config) =>
      new LinkedInService({
        ...linkedInStores(),
        terms: new DynamoLinkedInTermsStore(stageTable),
        vault: tokenVault(),
        queue: queuePublisher(),
        timeZoneOf: workspaceTimeZone,
        planOf: workspacePlan,
        dms: dmAllowance(),
        clock: linkedInTime,
        dailyMessageLimit: config.LINKEDIN_DAILY_MESSAGE_LIMIT,
      }),
  );
}

export function linkedInProvider(): LinkedInProvider {
  return built(linkedInProvider, () => new LinkedInProvider(linkedInService(), linkedInStores().inbox));
}

/** The clock every LinkedIn piece uses. */
export function linkedInClock(): Clock {
  return linkedInTime;
}

/** The local stage's LinkedIn plugin passes its test clock here, before any job runs. */
export function configureLinkedInClock(next: Clock): void {
  clock = next;
}
