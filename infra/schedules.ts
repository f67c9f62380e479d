import type { ResourceNeeds } from './resource-needs';

/**
 * THE schedule manifest (EventBridge Scheduler in AWS, timers in the local stage): one entry per recurring job.
 * The handler receives `input` as its event. Rates are in minutes so both runtimes read them the same way.
 */
export interface ScheduleDefinition {
  name: string;
  description: string;
  /** Source file exporting `handler`. */
  handler: string;
  everyMinutes: number;
  input?: Record<string, unknown>;
  timeoutSeconds?: number;
  memoryMb?: number;
  /** What the job's code uses: its Lambda's environment and grants come from this alone. */
  needs: ResourceNeeds;
}

/**
 * Token refresh runs every 15 minutes with a 30-minute margin (TOKEN_REFRESH_MARGIN_MINUTES), so every token is
 * refreshed at least once before it expires even if one run fails. Collection runs every 5 minutes: TikTok and
 * YouTube send no comment webhooks. YouTube's 10,000 units a day belong to the whole project, so each run polls a
 * channel only when due (busy channels every run, quiet ones rarely, within the workspace's share).
 */
export const schedules: ScheduleDefinition[] = [
  {
    name: 'warn-expiring-tokens',
    description: 'Notify workspaces 7 days before a provider connection that cannot be renewed expires',
    handler: 'functions/schedules/warn-expiring-tokens.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'seal', secrets: ['providers'] },
    everyMinutes: 360,
  },
  {
    name: 'collect-meta',
    description: 'Collect new Instagram comments and Meta DMs of every active account (incremental)',
    handler: 'functions/schedules/collect-interactions.ts',
    needs: {
      table: 'readWrite',
      sendsTo: ['incomingMessages', 'browserLinkedIn'],
      vault: 'seal',
      secrets: ['providers'],
    },
    everyMinutes: 10,
    input: { provider: 'meta' },
    timeoutSeconds: 300,
  },
  {
    name: 'follow-ups',
    description:
      'Send the answers the workflow deferred ("follow up later", e.g. after the daily DM quota resets) and the due steps of scenarios\' follow-up sequences',
    handler: 'functions/schedules/follow-ups.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'seal', secrets: ['providers'] },
    everyMinutes: 5,
    input: { limit: 50 },
    timeoutSeconds: 120,
  },
  {
    name: 'crm-sync-retry',
    description:
      'Remove the CRM records of erased contacts, and sync leads whose CRM sync failed or never finished (the CRM outbox), with backoff',
    handler: 'functions/schedules/crm-sync-retry.ts',
    needs: { table: 'readWrite', vault: 'seal', secrets: ['providers'] },
    everyMinutes: 5,
    input: { limit: 100 },
    timeoutSeconds: 300,
  },
  {
    name: 'collect-tiktok',
    description: 'Collect new TikTok comments of every connected account into the incomingMessages queue',
    handler: 'functions/schedules/collect-interactions.ts',
    needs: {
      table: 'readWrite',
      sendsTo: ['incomingMessages', 'browserLinkedIn'],
      vault: 'seal',
      secrets: ['providers'],
    },
    everyMinutes: 5,
    input: { provider: 'tiktok' },
    timeoutSeconds: 120,
  },
  {
    name: 'collect-youtube',
    description: 'Collect new YouTube comments of every connected channel into the incomingMessages queue',
    handler: 'functions/schedules/collect-interactions.ts',
    needs: {
      table: 'readWrite',
      sendsTo: ['incomingMessages', 'browserLinkedIn'],
      vault: 'seal',
      secrets: ['providers'],
    },
    everyMinutes: 5,
    input: { provider: 'youtube' },
    timeoutSeconds: 120,
  },
  {
    name: 'collect-linkedin',
    description:
      'Bring the DMs the LinkedIn browser worker synced into the incomingMessages queue, and ask it for a fresh sync',
    handler: 'functions/schedules/collect-interactions.ts',
    needs: {
      table: 'readWrite',
      sendsTo: ['incomingMessages', 'browserLinkedIn'],
      vault: 'seal',
      secrets: ['providers'],
    },
    everyMinutes: 15,
    input: { provider: 'linkedin' },
    timeoutSeconds: 120,
  },
  {
    name: 'refresh-tokens',
    description:
      'Refresh provider tokens that expire soon; accounts whose grant is gone move to needs_reconnect',
    handler: 'functions/schedules/refresh-tokens.ts',
    needs: { table: 'readWrite', sendsTo: ['browserLinkedIn'], vault: 'seal', secrets: ['providers'] },
    everyMinutes: 15,
    timeoutSeconds: 120,
  },
  {
    name: 'webhook-deliveries',
    description:
      'Send the outbound webhook deliveries that are due (new events and retries with backoff, for 24 hours)',
    handler: 'functions/schedules/webhook-deliveries.ts',
    needs: { table: 'readWrite', vault: 'seal' },
    everyMinutes: 1,
    input: { limit: 100 },
    // Up to 100 deliveries, 10 at a time, each attempt at most WEBHOOK_TIMEOUT_MS (10 s).
    timeoutSeconds: 180,
  },
];
