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

export const schedules: ScheduleDefinition[] = [
  {
    name: 'crm-sync-retry',
    description: 'Sync leads whose CRM sync failed or never finished (the CRM outbox), with backoff',
    handler: 'functions/schedules/crm-sync-retry.ts',
    everyMinutes: 5,
    input: { limit: 100 },
    timeoutSeconds: 300,
  },
];
