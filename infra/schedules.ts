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
}

/**
 * Token refresh runs every 15 minutes with a 30-minute margin (TOKEN_REFRESH_MARGIN_MINUTES), so every token is
 * refreshed at least once before it expires even if one run fails. Collection runs every 5 minutes: TikTok and
 * YouTube send no comment webhooks, and YouTube's 10,000 units a day allow ~288 runs at a few units each.
 */
export const schedules: ScheduleDefinition[] = [
  {
    name: 'collect-tiktok',
    description: 'Collect new TikTok comments of every connected account into the incomingMessages queue',
    handler: 'functions/schedules/collect-interactions.ts',
    everyMinutes: 5,
    input: { provider: 'tiktok' },
    timeoutSeconds: 120,
  },
  {
    name: 'collect-youtube',
    description: 'Collect new YouTube comments of every connected channel into the incomingMessages queue',
    handler: 'functions/schedules/collect-interactions.ts',
    everyMinutes: 5,
    input: { provider: 'youtube' },
    timeoutSeconds: 120,
  },
  {
    name: 'refresh-tokens',
    description:
      'Refresh provider tokens that expire soon; accounts whose grant is gone move to needs_reconnect',
    handler: 'functions/schedules/refresh-tokens.ts',
    everyMinutes: 15,
    timeoutSeconds: 120,
  },
];
