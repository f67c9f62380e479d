import * as z from 'zod';

/** The fixed input of a batch schedule (infra/schedules.ts): how many due items one run takes at most. */
export const batchLimit = z.object({ limit: z.number().int().positive().max(1000).optional() });
export type BatchLimit = z.output<typeof batchLimit>;
