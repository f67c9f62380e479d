import { stageTable } from '../adapters/dynamo/client';
import { DynamoLinkedInGuardStore } from '../adapters/dynamo/linkedin-guard-store';
import { DynamoLinkedInInboxStore } from '../adapters/dynamo/linkedin-inbox-store';
import { DynamoLinkedInJobStore } from '../adapters/dynamo/linkedin-job-store';
import { DynamoLinkedInTermsStore } from '../adapters/dynamo/linkedin-terms-store';
import { DynamoWorkspaceStore } from '../adapters/dynamo/workspace-store';
import { LinkedInProvider } from '../adapters/linkedin/linkedin-provider';
import { config } from '../config';
import { DEFAULT_TIMEZONE } from '../domain/workspaces/timezone';
import { LinkedInService } from '../services/linkedin/linkedin-service';
import { type Clock, systemClock } from '../services/linkedin/ports';
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
let service: LinkedInService | undefined;
let provider: LinkedInProvider | undefined;

export const linkedInStores = {
  accounts: socialAccountStore(),
  jobs: new DynamoLinkedInJobStore(stageTable),
  inbox: new DynamoLinkedInInboxStore(stageTable),
  guard: new DynamoLinkedInGuardStore(stageTable),
};

const workspaces = new DynamoWorkspaceStore(stageTable);

export async function workspaceTimeZone(workspaceId: string): Promise<string> {
  return (await workspaces.getWorkspace(workspaceId))?.timezone ?? DEFAULT_TIMEZONE;
}

async function workspacePlan(workspaceId: string): Promise<string | undefined> {
  return (await workspaces.getWorkspace(workspaceId))?.plan;
}

export function linkedInService(): LinkedInService {
  service ??= new LinkedInService({
    ...linkedInStores,
    terms: new DynamoLinkedInTermsStore(stageTable),
    vault: tokenVault(),
    queue: queuePublisher(),
    timeZoneOf: workspaceTimeZone,
    planOf: workspacePlan,
    dms: dmAllowance(),
    clock,
    dailyMessageLimit: config().LINKEDIN_DAILY_MESSAGE_LIMIT,
  });
  return service;
}

export function linkedInProvider(): LinkedInProvider {
  provider ??= new LinkedInProvider(linkedInService(), linkedInStores.inbox);
  return provider;
}

/** The clock every LinkedIn piece uses; the local stage's plugin passes a test clock through here. */
export function linkedInClock(): Clock {
  return clock;
}

export function configureLinkedInClock(next: Clock): void {
  clock = next;
  service = undefined;
  provider = undefined;
}
