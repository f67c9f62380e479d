import * as z from 'zod';

const count = z.number().int().nonnegative().nullable();

export const adminStatusResponse = z.object({
  stage: z.string(),
  generatedAt: z.string().describe('ISO 8601 UTC'),
  queues: z.array(
    z.object({
      queue: z.string(),
      configured: z.boolean(),
      visible: count.describe('Messages waiting'),
      inFlight: count.describe('Messages being processed; null where not tracked (local stage)'),
      deadLetter: count.describe('Messages in the dead-letter queue'),
    }),
  ),
  workflow: z.object({
    source: z.enum(['stepfunctions', 'local']),
    configured: z.boolean(),
    failures: z.array(
      z.object({
        id: z.string(),
        startedAt: z.string().nullable(),
        stoppedAt: z.string().nullable(),
        error: z.string().nullable(),
        correlationId: z.string().nullable(),
      }),
    ),
    note: z.string().nullable(),
  }),
  schedules: z.array(z.object({ name: z.string(), description: z.string(), everyMinutes: z.number() })),
  youtubeQuota: z
    .object({
      day: z.string().describe('The Pacific day the units count for (YYYY-MM-DD)'),
      unitsUsed: z.number(),
      dailyLimit: z
        .number()
        .describe('The Google Cloud project’s YouTube units per day (YOUTUBE_DAILY_QUOTA_UNITS)'),
      workspaces: z.number().describe('Workspaces with an active channel, sharing the budget'),
      sharePerWorkspace: z.number().describe('Each workspace’s cap (the caps add up to the budget)'),
      paused: z
        .boolean()
        .describe('YouTube said quotaExceeded or the budget is spent: nobody calls it until the reset'),
      pausedAt: z.string().nullable(),
      resetsAt: z.string(),
    })
    .nullable()
    .describe('The YouTube budget every workspace shares; null where YouTube is not configured'),
});

export const adminStatusQuery = z.object({
  failures: z.coerce.number().int().min(1).max(100).default(20).describe('How many recent failures to list'),
});
