import * as z from './zod';

const count = z.nullable(z.number().check(z.int(), z.nonnegative()));

export const adminStatusResponse = z.object({
  stage: z.string(),
  generatedAt: z.string().check(z.describe('ISO 8601 UTC')),
  queues: z.array(
    z.object({
      queue: z.string(),
      configured: z.boolean(),
      visible: count.check(z.describe('Messages waiting')),
      inFlight: count.check(z.describe('Messages being processed; null where not tracked (local stage)')),
      deadLetter: count.check(z.describe('Messages in the dead-letter queue')),
    }),
  ),
  workflow: z.object({
    source: z.enum(['stepfunctions', 'local']),
    configured: z.boolean(),
    failures: z.array(
      z.object({
        id: z.string(),
        startedAt: z.nullable(z.string()),
        stoppedAt: z.nullable(z.string()),
        error: z.nullable(z.string()),
        correlationId: z.nullable(z.string()),
      }),
    ),
    note: z.nullable(z.string()),
  }),
  schedules: z.array(z.object({ name: z.string(), description: z.string(), everyMinutes: z.number() })),
  youtubeQuota: z
    .nullable(
      z.object({
        day: z.string().check(z.describe('The Pacific day the units count for (YYYY-MM-DD)')),
        unitsUsed: z.number(),
        dailyLimit: z
          .number()
          .check(z.describe('The Google Cloud project’s YouTube units per day (YOUTUBE_DAILY_QUOTA_UNITS)')),
        workspaces: z.number().check(z.describe('Workspaces with an active channel, sharing the budget')),
        sharePerWorkspace: z
          .number()
          .check(z.describe('Each workspace’s cap (the caps add up to the budget)')),
        paused: z
          .boolean()
          .check(
            z.describe('YouTube said quotaExceeded or the budget is spent: nobody calls it until the reset'),
          ),
        pausedAt: z.nullable(z.string()),
        resetsAt: z.string(),
      }),
    )
    .check(z.describe('The YouTube budget every workspace shares; null where YouTube is not configured')),
});

export const adminStatusQuery = z.object({
  failures: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20)
    .check(z.describe('How many recent failures to list')),
});
