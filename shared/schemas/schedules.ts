import * as z from './zod';

/** The fixed input of a batch schedule (infra/schedules.ts): how many due items one run takes at most. */
export const batchLimit = z.object({
  limit: z.optional(z.number().check(z.int(), z.positive(), z.lte(1000))),
});
export type BatchLimit = z.output<typeof batchLimit>;
